package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.action.DynamoDbDeleteItem;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.http.RequestValues;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * dynamodb:DeleteItem of a key; a condition that does not hold is a 409. Answers {@code {"deleted": true}} when an
 * item was there, {@code false} when there was none (deleting is idempotent).
 */
final class DeleteItemHandler implements ActionHandler {
    private final HandlerContext context;
    private final DynamoDbDeleteItem action;
    private final Table table;

    DeleteItemHandler(HandlerContext context, DynamoDbDeleteItem action) {
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
        action.condition().ifPresent(c -> DynamoDbValues.expressionValues(c, values, expressionValues));
        Call call = new Call(key, expressionValues);
        return (side, deadline) -> call(side, deadline, call);
    }

    private BackendResult call(Side side, Duration deadline, Call c) {
        DeleteItemResponse r = context.clients().dynamoDb(side).deleteItem(b -> b
                .tableName(context.resources(side).table(action.table()).name()).key(c.key())
                .conditionExpression(action.condition().map(e -> e.text()).orElse(null))
                .expressionAttributeNames(DynamoDbValues.names(action.names(), action.condition(), Optional.empty()))
                .expressionAttributeValues(DynamoDbValues.orNull(c.values()))
                .returnValues(ReturnValue.ALL_OLD)
                .overrideConfiguration(HandlerContext.deadline(deadline)));
        ObjectNode body = BackendResult.NODES.objectNode();
        body.put("deleted", r.hasAttributes() && !r.attributes().isEmpty());
        return new BackendResult(200, body);
    }
}
