package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.action.DynamoDbBatchGetItem;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.backend.ItemJson;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.RequestValues;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * dynamodb:BatchGetItem of 1 to 100 ids. DynamoDB answers HTTP 200 with {@code UnprocessedKeys} when it could not read
 * them all (throttling, the 16 MB limit): the resilience4j Retry {@value #RETRY_NAME} asks again for exactly those,
 * 4 attempts in all, 20 ms doubling with jitter (the SDK does not retry a 200, so this is the only layer). Keys still
 * unprocessed after that are a 429. Answers {@code {"items": [...], "count": n}}, found items in the order asked.
 */
final class BatchGetItemHandler implements ActionHandler {
    static final String RETRY_NAME = "dynamodb-unprocessed-keys";
    private static final RetryConfig RETRY = RetryConfig.<List<Map<String, AttributeValue>>>custom()
            .maxAttempts(4)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(20), 2.0, 0.5, Duration.ofMillis(200)))
            .retryOnResult(pending -> !pending.isEmpty())
            .retryOnException(e -> false)
            .build();

    private final HandlerContext context;
    private final DynamoDbBatchGetItem action;
    private final Table table;
    private final Retry retry = Retry.of(RETRY_NAME, RETRY);

    BatchGetItemHandler(HandlerContext context, DynamoDbBatchGetItem action) {
        this.context = context;
        this.action = action;
        this.table = context.resources(Side.LEGACY).table(action.table());
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        List<String> ids = ids(values);
        String pk = table.partitionKey().name();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String id : ids) {
            keys.add(Map.of(pk, DynamoDbValues.typed(table.partitionKey().type(), id, pk)));
        }
        return (side, deadline) -> call(side, deadline, ids, keys);
    }

    private List<String> ids(RequestValues values) {
        Template.Ref ref = action.ids().refs().get(0);
        List<String> raw = new ArrayList<>();
        if (ref.source() == Template.Source.BODY) {
            JsonNode list = values.bodyValue(ref.name());
            if (list == null || !list.isArray()) {
                throw HttpFailure.badRequest("body field '" + ref.name() + "' must be a JSON array of ids");
            }
            for (JsonNode id : list) {
                if (!id.isTextual() && !id.isNumber()) {
                    throw HttpFailure.badRequest("body field '" + ref.name() + "' must list ids as strings or numbers");
                }
                raw.add(id.asText());
            }
        } else {
            String text = values.request().query().get(ref.name());
            if (text == null || text.isEmpty()) {
                throw HttpFailure.badRequest("query parameter '" + ref.name() + "' is required: ids separated by commas");
            }
            raw.addAll(List.of(text.split(",", -1)));
        }
        if (raw.isEmpty() || raw.size() > DynamoDbBatchGetItem.MAX_IDS) {
            throw HttpFailure.badRequest("give 1 to " + DynamoDbBatchGetItem.MAX_IDS + " ids, but there were " + raw.size());
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : raw) {
            if (!distinct.add(RequestValues.checked(ref, id))) {
                throw HttpFailure.badRequest("id '" + id + "' is listed twice; list each id once");
            }
        }
        return List.copyOf(distinct);
    }

    private BackendResult call(Side side, Duration deadline, List<String> ids, List<Map<String, AttributeValue>> keys) {
        String tableName = context.resources(side).table(action.table()).name();
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        AtomicReference<List<Map<String, AttributeValue>>> pending = new AtomicReference<>(keys);
        List<Map<String, AttributeValue>> left = retry.executeSupplier(() -> {
            KeysAndAttributes request = KeysAndAttributes.builder().keys(pending.get()).consistentRead(action.consistentRead()).build();
            BatchGetItemResponse r = context.clients().dynamoDb(side).batchGetItem(b -> b.requestItems(Map.of(tableName, request))
                    .overrideConfiguration(HandlerContext.deadline(deadline)));
            for (Map<String, AttributeValue> item : r.responses().getOrDefault(tableName, List.of())) {
                found.put(idOf(item), item);
            }
            KeysAndAttributes unprocessed = r.hasUnprocessedKeys() ? r.unprocessedKeys().get(tableName) : null;
            pending.set(unprocessed == null ? List.of() : unprocessed.keys());
            return pending.get();
        });
        if (!left.isEmpty()) {
            throw new HttpFailure(429, "throttled", left.size() + " of " + ids.size() + " items could not be read after "
                    + RETRY.getMaxAttempts() + " attempts; retry later", Map.of("retry-after", "1"), null);
        }
        ObjectNode body = BackendResult.NODES.objectNode();
        ArrayNode items = body.putArray("items");
        for (String id : ids) {
            Map<String, AttributeValue> item = found.get(id);
            if (item != null) {
                items.add(ItemJson.item(item));
            }
        }
        body.put("count", items.size());
        return new BackendResult(200, body);
    }

    private String idOf(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(table.partitionKey().name());
        return v.s() != null ? v.s() : v.n() != null ? v.n() : java.util.Base64.getEncoder().encodeToString(v.b().asByteArray());
    }
}
