package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.action.DynamoDbUpdateItem;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.backend.ItemJson;
import dev.cutover.router.internal.http.RequestValues;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * dynamodb:UpdateItem with the configured UpdateExpression, its values from the request; a condition that does not
 * hold is a 409. Answers {@code {"item": {...}}}, the item after the update.
 */
final class UpdateItemHandler implements ActionHandler {
    private final HandlerContext context;
    private final DynamoDbUpdateItem action;
    private final Table table;

    UpdateItemHandler(HandlerContext context, DynamoDbUpdateItem action) {
        this.context = context;
        this.action = action;
        this.table = context.resources(Side.LEGACY).table(action.table());
    }

    private record Call(Map<String, AttributeValue> key, Map<String, AttributeValue> values) {
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        Map<String, AttributeValue> key = DynamoDbValues.key(table, action.key(), values);
        Map<String, AttributeValue> expressionValues = new HashMap<>();
        DynamoDbValues.expressionValues(action.update(), values, expressionValues);
        action.condition().ifPresent(c -> DynamoDbValues.expressionValues(c, values, expressionValues));
        Call call = new Call(key, expressionValues);
        return (side, deadline) -> call(side, deadline, call);
    }

    private BackendResult call(Side side, Duration deadline, Call c) {
        UpdateItemResponse r = context.clients().dynamoDb(side).updateItem(b -> b
                .tableName(context.resources(side).table(action.table()).name()).key(c.key())
                .updateExpression(action.update().text())
                .conditionExpression(action.condition().map(e -> e.text()).orElse(null))
                .expressionAttributeNames(DynamoDbValues.names(action.names(), Optional.of(action.update()), action.condition()))
                .expressionAttributeValues(DynamoDbValues.orNull(c.values()))
                .returnValues(ReturnValue.ALL_NEW)
                .overrideConfiguration(HandlerContext.deadline(deadline)));
        ObjectNode body = BackendResult.NODES.objectNode();
        body.set("item", ItemJson.item(r.hasAttributes() ? r.attributes() : c.key()));
        return new BackendResult(200, body);
    }
}
