package dev.cutover.dynamodb.internal.expression;

/**
 * Entry points: parse each expression of a request once, then evaluate the result against items. Every error is a
 * {@link dev.cutover.dynamodb.DynamoDbException} (400 ValidationException) worded as DynamoDB words it.
 */
public final class Expressions {

    private Expressions() {
    }

    /** Parses a ConditionExpression or FilterExpression; {@code parameterName} names it in messages ("Invalid ...: "). */
    public static Condition parseCondition(String text, ExpressionContext ctx, String parameterName) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Parses an UpdateExpression. */
    public static Update parseUpdate(String text, ExpressionContext ctx) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Parses a ProjectionExpression. */
    public static Projection parseProjection(String text, ExpressionContext ctx) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Parses a KeyConditionExpression for a table (or index) keyed by {@code hashKeyName} and optional range key. */
    public static KeyCondition parseKeyCondition(String text, ExpressionContext ctx, String hashKeyName, String rangeKeyNameOrNull) {
        throw new UnsupportedOperationException("not yet");
    }
}
