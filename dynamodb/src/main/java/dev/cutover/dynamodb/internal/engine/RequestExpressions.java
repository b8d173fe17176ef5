package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.Condition;
import dev.cutover.dynamodb.internal.expression.ExpressionContext;
import dev.cutover.dynamodb.internal.expression.Expressions;
import dev.cutover.dynamodb.internal.expression.Projection;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expressions of one request (or one element of a transaction or batch), parsed once against one
 * {@link ExpressionContext}, with DynamoDB's checks on the names and values maps.
 */
final class RequestExpressions {

    final ExpressionContext context;
    private final boolean anyExpression;

    private RequestExpressions(ExpressionContext context, boolean anyExpression) {
        this.context = context;
        this.anyExpression = anyExpression;
    }

    /**
     * @param expressionMembers the expression members this operation accepts, e.g. ConditionExpression
     */
    static RequestExpressions of(Params p, String... expressionMembers) {
        return of(p, true, expressionMembers);
    }

    /**
     * For operations whose API has no ExpressionAttributeValues member (GetItem): the service ignores the member there as an
     * unknown one, so it is neither validated nor checked for unused values.
     */
    static RequestExpressions withoutValues(Params p, String... expressionMembers) {
        return of(p, false, expressionMembers);
    }

    private static RequestExpressions of(Params p, boolean valuesMember, String... expressionMembers) {
        Map<String, String> names = p.stringMap("ExpressionAttributeNames");
        Map<String, AttributeValue> values = valuesMember ? p.attributeMap("ExpressionAttributeValues") : null;
        boolean any = false;
        for (String m : expressionMembers) {
            if (p.string(m) != null) {
                any = true;
            }
        }
        if (names != null && !any) {
            throw DynamoDbException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (values != null && !any) {
            throw DynamoDbException.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
        if (values != null && values.isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
        }
        if (names != null && names.isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
        }
        return new RequestExpressions(new ExpressionContext(names, values), any);
    }

    Condition condition(Params p, String member) {
        String text = p.string(member);
        return text == null ? null : Expressions.parseCondition(text, context, member);
    }

    Projection projection(Params p) {
        String text = p.string("ProjectionExpression");
        return text == null ? null : Expressions.parseProjection(text, context);
    }

    void checkAllUsed() {
        if (anyExpression) {
            context.checkAllUsed();
        }
    }

    /** Legacy AttributesToGet as a projection of top-level names. */
    static Map<String, AttributeValue> attributesToGet(Map<String, AttributeValue> item, List<String> names) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (String n : names) {
            AttributeValue v = item.get(n);
            if (v != null) {
                out.put(n, v);
            }
        }
        return out;
    }
}
