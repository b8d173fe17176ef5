package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import dev.cutover.config.action.DynamoDbQuery;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.backend.ItemJson;
import dev.cutover.router.internal.http.RequestValues;
import dev.cutover.router.internal.routing.JsonComparison;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * dynamodb:Query: partition key equality, the optional sort-key condition and filter, one page of at most
 * {@code limit} items. Answers {@code {"items": [...], "count": n}} plus {@code "cursor"} when there is a next page;
 * the caller passes it back as {@code ?cursor=} (see {@link CursorCodec}).
 */
final class QueryHandler implements ActionHandler {
    private final HandlerContext context;
    private final String operation;
    private final DynamoDbQuery action;
    private final KeyAttribute partitionKey;
    private final String keyCondition;

    QueryHandler(HandlerContext context, String operation, DynamoDbQuery action) {
        this.context = context;
        this.operation = operation;
        this.action = action;
        Table table = context.resources(Side.LEGACY).table(action.table());
        this.partitionKey = action.index().flatMap(table::index).map(TableIndex::partitionKey).orElse(table.partitionKey());
        this.keyCondition = "#pk = :pk" + action.sortKey().map(QueryHandler::sortKeyCondition).orElse("");
    }

    private static String sortKeyCondition(DynamoDbQuery.SortKeyCondition c) {
        return switch (c.operator()) {
            case "between" -> " AND #sk BETWEEN :sk0 AND :sk1";
            case "begins_with" -> " AND begins_with(#sk, :sk0)";
            default -> " AND #sk " + c.operator() + " :sk0";
        };
    }

    private record Call(Map<String, String> names, Map<String, AttributeValue> values, Map<String, AttributeValue> startKey) {
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> used = DynamoDbValues.names(action.names(), action.filter(), java.util.Optional.empty());
        if (used != null) {
            names.putAll(used);
        }
        Map<String, AttributeValue> expressionValues = new HashMap<>();
        names.put("#pk", action.partitionKeyName());
        String pk = values.render(action.partitionKeyValue(), "partition key " + action.partitionKeyName());
        expressionValues.put(":pk", DynamoDbValues.typed(partitionKey.type(), pk, partitionKey.name()));
        action.sortKey().ifPresent(c -> {
            names.put("#sk", c.name());
            expressionValues.put(":sk0", DynamoDbValues.typed(c.type(), values.render(c.value(), "sort key " + c.name()), c.name()));
            c.upper().ifPresent(u -> expressionValues.put(":sk1", DynamoDbValues.typed(c.type(), values.render(u, "sort key upper bound"),
                    c.name())));
        });
        action.filter().ifPresent(f -> DynamoDbValues.expressionValues(f, values, expressionValues));
        String cursor = values.request().query().get(DynamoDbQuery.CURSOR_PARAMETER);
        String scope = scope(pk);
        Map<String, AttributeValue> startKey = cursor == null ? null : context.cursors().decode(cursor, scope);
        Call call = new Call(names, expressionValues, startKey);
        return (side, deadline) -> call(side, deadline, call, scope);
    }

    /** A cursor serves only the operation and partition it came from. */
    private String scope(String partitionKeyValue) {
        return operation + "\n" + partitionKeyValue;
    }

    private BackendResult call(Side side, Duration deadline, Call c, String scope) {
        QueryRequest request = QueryRequest.builder().tableName(context.resources(side).table(action.table()).name())
                .indexName(action.index().orElse(null)).keyConditionExpression(keyCondition)
                .filterExpression(action.filter().map(f -> f.text()).orElse(null))
                .expressionAttributeNames(c.names()).expressionAttributeValues(c.values()).limit(action.limit())
                .scanIndexForward(action.scanIndexForward()).exclusiveStartKey(c.startKey())
                .overrideConfiguration(HandlerContext.deadline(deadline)).build();
        QueryResponse r = context.clients().dynamoDb(side).query(request);
        ObjectNode body = BackendResult.NODES.objectNode();
        ArrayNode items = body.putArray("items");
        r.items().forEach(item -> items.add(ItemJson.item(item)));
        body.put("count", r.items().size());
        if (r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()) {
            body.put("cursor", context.cursors().encode(new LinkedHashMap<>(r.lastEvaluatedKey()), scope));
        }
        return new BackendResult(200, body);
    }

    /** Cursors are sealed with a fresh nonce each time: compared by presence, not text. */
    @Override
    public List<String> differences(BackendResult primary, BackendResult shadow, Set<String> ignored) {
        if (primary.status() != shadow.status()) {
            return List.of("status");
        }
        Set<String> withCursor = new HashSet<>(ignored);
        withCursor.add("cursor");
        List<String> out = new ArrayList<>(JsonComparison.differences(primary.body(), shadow.body(), withCursor));
        if (primary.body().has("cursor") != shadow.body().has("cursor")) {
            out.add("cursor");
        }
        return out;
    }
}
