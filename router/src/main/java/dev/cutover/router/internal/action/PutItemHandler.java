package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.action.DynamoDbPutItem;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.backend.ItemJson;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.RequestValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * dynamodb:PutItem of the request's JSON object (numbers with their exact text) plus the key from templates; a
 * condition that does not hold is a 409. Answers {@code {"item": {...}}}, the item written.
 */
final class PutItemHandler implements ActionHandler {
    private final HandlerContext context;
    private final DynamoDbPutItem action;
    private final Table table;

    PutItemHandler(HandlerContext context, DynamoDbPutItem action) {
        this.context = context;
        this.action = action;
        this.table = context.resources(Side.LEGACY).table(action.table());
    }

    @Override
    public boolean sendsBody() {
        return true;
    }

    private record Call(Map<String, AttributeValue> item, Map<String, AttributeValue> values) {
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(DynamoDbValues.item(values.body()));
        item.putAll(DynamoDbValues.key(table, action.key(), values));
        if (values.request().body().getBytes(StandardCharsets.UTF_8).length > DynamoDbValues.MAX_ITEM_BYTES) {
            throw HttpFailure.badRequest("the item would exceed DynamoDB's 400 KB item size limit: send a smaller body");
        }
        Map<String, AttributeValue> expressionValues = new HashMap<>();
        action.condition().ifPresent(c -> DynamoDbValues.expressionValues(c, values, expressionValues));
        Call call = new Call(item, expressionValues);
        return (side, deadline) -> call(side, deadline, call);
    }

    private BackendResult call(Side side, Duration deadline, Call c) {
        context.clients().dynamoDb(side).putItem(b -> b.tableName(context.resources(side).table(action.table()).name()).item(c.item())
                .conditionExpression(action.condition().map(e -> e.text()).orElse(null))
                .expressionAttributeNames(DynamoDbValues.names(action.names(), action.condition(), Optional.empty()))
                .expressionAttributeValues(DynamoDbValues.orNull(c.values()))
                .overrideConfiguration(HandlerContext.deadline(deadline)));
        ObjectNode body = BackendResult.NODES.objectNode();
        body.set("item", ItemJson.item(c.item()));
        return new BackendResult(200, body);
    }
}
