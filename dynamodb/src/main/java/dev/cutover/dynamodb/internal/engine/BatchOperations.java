package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.Projection;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * BatchGetItem (up to 100 keys; past 16 MB of items the rest come back in UnprocessedKeys) and BatchWriteItem (up to 25
 * puts and deletes, no two on the same key). Everything is validated before the first write; each write is atomic on its
 * own, the batch is not.
 */
final class BatchOperations {

    static final int MAX_GET_KEYS = 100;
    static final int MAX_WRITES = 25;
    static final long MAX_GET_BYTES = 16L * 1024 * 1024;

    private final Stores stores;
    private final Table.ChangeListener listener;

    BatchOperations(Stores stores, Table.ChangeListener listener) {
        this.stores = stores;
        this.listener = listener;
    }

    byte[] batchGetItem(AccountStore store, Params p) {
        JsonNode requestItems = p.object("RequestItems");
        if (requestItems == null) {
            p.notNull("requestItems");
        }
        p.check();
        if (requestItems.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint:"
                    + " Member must have length greater than or equal to 1");
        }
        record TableRead(String name, Table table, List<ItemKey> keys, List<Map<String, AttributeValue>> keyMaps, Projection projection,
                List<String> attributesToGet, boolean consistent, JsonNode request) {
        }
        List<TableRead> reads = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Params tp = new Params(e.getValue());
            JsonNode keys = tp.array("Keys");
            if (keys == null || keys.isEmpty()) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems." + e.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            total += keys.size();
            if (total > MAX_GET_KEYS) {
                throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
            }
            RequestExpressions expressions = RequestExpressions.of(tp, "ProjectionExpression");
            Projection projection = expressions.projection(tp);
            expressions.checkAllUsed();
            Table table = stores.table(store, e.getKey());
            List<ItemKey> itemKeys = new ArrayList<>();
            List<Map<String, AttributeValue>> keyMaps = new ArrayList<>();
            Set<ItemKey> seen = new HashSet<>();
            for (JsonNode k : keys) {
                Map<String, AttributeValue> keyMap = AttributeValues.readItem(k);
                ItemKey key = table.key().keyOf(keyMap);
                if (!seen.add(key)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                itemKeys.add(key);
                keyMaps.add(keyMap);
            }
            reads.add(new TableRead(e.getKey(), table, itemKeys, keyMaps, projection, tp.stringList("AttributesToGet"),
                    Boolean.TRUE.equals(tp.bool("ConsistentRead")), e.getValue()));
        }
        String capacityMode = p.string("ReturnConsumedCapacity");
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("Responses");
            long bytes = 0;
            Map<String, List<Map<String, AttributeValue>>> unprocessed = new LinkedHashMap<>();
            List<Capacity> capacities = new ArrayList<>();
            for (TableRead read : reads) {
                g.writeArrayFieldStart(read.name());
                Capacity capacity = new Capacity(read.table().name(), true);
                for (int i = 0; i < read.keys().size(); i++) {
                    if (bytes >= MAX_GET_BYTES) {
                        unprocessed.computeIfAbsent(read.name(), n -> new ArrayList<>()).add(read.keyMaps().get(i));
                        continue;
                    }
                    StoredItem item = read.table().get(read.keys().get(i));
                    capacity.addTable(Capacity.readUnits(item == null ? 0 : item.size(), read.consistent()));
                    if (item == null) {
                        continue;
                    }
                    bytes += item.size();
                    if (read.projection() == null && read.attributesToGet() == null) {
                        g.writeRawValue(new String(item.json(), StandardCharsets.UTF_8));
                    } else {
                        Map<String, AttributeValue> attrs = item.attributes();
                        AttributeValues.writeItem(g, read.projection() != null ? read.projection().apply(attrs)
                                : RequestExpressions.attributesToGet(attrs, read.attributesToGet()));
                    }
                }
                capacities.add(capacity);
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("UnprocessedKeys");
            for (TableRead read : reads) {
                List<Map<String, AttributeValue>> keys = unprocessed.get(read.name());
                if (keys == null) {
                    continue;
                }
                g.writeObjectFieldStart(read.name());
                g.writeArrayFieldStart("Keys");
                for (Map<String, AttributeValue> k : keys) {
                    AttributeValues.writeItem(g, k);
                }
                g.writeEndArray();
                for (String member : List.of("ProjectionExpression", "ConsistentRead", "ExpressionAttributeNames", "AttributesToGet")) {
                    if (read.request().hasNonNull(member)) {
                        g.writeFieldName(member);
                        g.writeTree(read.request().get(member));
                    }
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            if (Capacity.wanted(capacityMode)) {
                g.writeArrayFieldStart("ConsumedCapacity");
                for (Capacity c : capacities) {
                    c.write(g, capacityMode);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    byte[] batchWriteItem(AccountStore store, Params p) {
        JsonNode requestItems = p.object("RequestItems");
        if (requestItems == null) {
            p.notNull("requestItems");
        }
        p.check();
        if (requestItems.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint:"
                    + " Member must have length greater than or equal to 1");
        }
        record Write(Table table, ItemKey key, StoredItem item, Map<String, AttributeValue> attributes) {
        }
        List<Write> writes = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode requests = e.getValue();
            if (!requests.isArray()) {
                throw DynamoDbException.serialization("Unexpected value type in payload");
            }
            if (requests.isEmpty() || requests.size() > MAX_WRITES) {
                throw DynamoDbException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map"
                        + " value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length"
                        + " greater than or equal to 1]");
            }
            total += requests.size();
            if (total > MAX_WRITES) {
                throw DynamoDbException.validation("Too many items requested for the BatchWriteItem call");
            }
            Table table = stores.table(store, e.getKey());
            Set<ItemKey> seen = new HashSet<>();
            for (JsonNode request : requests) {
                JsonNode put = request.get("PutRequest");
                JsonNode delete = request.get("DeleteRequest");
                boolean isPut = put != null && !put.isNull();
                boolean isDelete = delete != null && !delete.isNull();
                if (isPut == isDelete) {
                    throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must contain"
                            + " exactly one of"
                            + " the supported datatypes");
                }
                Write write;
                if (isPut) {
                    JsonNode itemNode = put.get("Item");
                    if (itemNode == null || itemNode.isNull()) {
                        throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems." + e.getKey()
                                + ".member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null");
                    }
                    Map<String, AttributeValue> item = AttributeValues.readItem(itemNode);
                    ItemKey key = table.key().keyOfItem(item);
                    table.checkIndexKeys(item);
                    StoredItem stored = StoredItem.of(item);
                    ItemOperations.checkSize(stored);
                    write = new Write(table, key, stored, item);
                } else {
                    JsonNode keyNode = delete.get("Key");
                    if (keyNode == null || keyNode.isNull()) {
                        throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems." + e.getKey()
                                + ".member.1.member.deleteRequest.key' failed to satisfy constraint: Member must not be null");
                    }
                    write = new Write(table, table.key().keyOf(AttributeValues.readItem(keyNode)), null, null);
                }
                if (!seen.add(write.key())) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        for (Write w : writes) {
            Capacity capacity = capacities.computeIfAbsent(w.table().name(), n -> new Capacity(n, false));
            ReentrantLock lock = w.table().stripe(w.key());
            lock.lock();
            try {
                if (w.table().indexes().isEmpty() && w.table().metadata().activeStream() == null) {
                    // Nothing needs the previous item's attributes: one skip-list traversal, no parse.
                    StoredItem previous = w.table().store(w.key(), w.item(), w.attributes(), null);
                    capacity.addTable(Capacity.writeUnits(Math.max(previous == null ? 0 : previous.size(),
                            w.item() == null ? 0 : w.item().size())));
                    continue;
                }
                StoredItem current = w.table().get(w.key());
                if (current == null && w.item() == null) {
                    capacity.addTable(1);
                    continue;
                }
                Map<String, AttributeValue> old = current == null ? null : current.attributes();
                w.table().store(w.key(), w.item(), w.attributes(), old);
                listener.changed(w.table(), w.key(), old, w.attributes(), false);
                capacity.addWrite(w.table(), current == null ? 0 : current.size(), w.item() == null ? 0 : w.item().size(), old,
                        w.attributes(), 1);
            } finally {
                lock.unlock();
            }
        }
        String capacityMode = p.string("ReturnConsumedCapacity");
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("UnprocessedItems");
            g.writeEndObject();
            if (Capacity.wanted(capacityMode)) {
                g.writeArrayFieldStart("ConsumedCapacity");
                for (Capacity c : capacities.values()) {
                    c.write(g, capacityMode);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }
}
