package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.action.DynamoDbGetItem;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.backend.ItemJson;
import dev.cutover.router.internal.http.RequestValues;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** dynamodb:GetItem: answers {@code {"item": {...}}}, or 404 when there is none. */
final class GetItemHandler implements ActionHandler {
    private final HandlerContext context;
    private final DynamoDbGetItem action;
    private final Table table;

    GetItemHandler(HandlerContext context, DynamoDbGetItem action) {
        this.context = context;
        this.action = action;
        this.table = context.resources(Side.LEGACY).table(action.table());
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        Map<String, AttributeValue> key = DynamoDbValues.key(table, action.key(), values);
        return new Get(this, key);
    }

    /** The key to get. */
    private record Get(GetItemHandler handler, Map<String, AttributeValue> key) implements PlannedCall {
        @Override
        public BackendResult call(Side side, Duration deadline) {
            return handler.call(side, deadline, key);
        }
    }

    private BackendResult call(Side side, Duration deadline, Map<String, AttributeValue> key) {
        GetItemResponse r = context.clients().dynamoDb(side).getItem(b -> b.tableName(context.resources(side).table(action.table()).name())
                .key(key).consistentRead(action.consistentRead()).overrideConfiguration(HandlerContext.deadline(deadline)));
        if (!r.hasItem() || r.item().isEmpty()) {
            return BackendResult.notFound("item not found");
        }
        ObjectNode body = BackendResult.NODES.objectNode();
        body.set("item", ItemJson.item(r.item()));
        return new BackendResult(200, body);
    }
}
