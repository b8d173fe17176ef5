package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.Condition;
import dev.cutover.dynamodb.internal.expression.Expressions;
import dev.cutover.dynamodb.internal.expression.Projection;
import dev.cutover.dynamodb.internal.expression.Update;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/** GetItem, PutItem, DeleteItem and UpdateItem: one item, atomic under its stripe lock. */
final class ItemOperations {

    static final int MAX_ITEM_BYTES = 400 * 1024;
    private static final Set<String> CAPACITY = Set.of("INDEXES", "TOTAL", "NONE");
    private static final List<String> CAPACITY_ORDER = List.of("INDEXES", "TOTAL", "NONE");
    private static final Set<String> FAILURE_RETURN = Set.of("ALL_OLD", "NONE");

    private final Stores stores;
    private final Table.ChangeListener listener;

    ItemOperations(Stores stores, Table.ChangeListener listener) {
        this.stores = stores;
        this.listener = listener;
    }

    byte[] getItem(AccountStore store, Params p) {
        String tableName = p.tableName("TableName", "tableName");
        p.require("Key", "key");
        p.oneOf("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY, CAPACITY_ORDER);
        p.check();
        RequestExpressions expressions = RequestExpressions.withoutValues(p, "ProjectionExpression");
        Projection projection = expressions.projection(p);
        List<String> attributesToGet = p.stringList("AttributesToGet");
        if (projection != null && attributesToGet != null) {
            throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same request:"
                    + " Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        }
        expressions.checkAllUsed();
        Map<String, AttributeValue> keyMap = p.attributeMap("Key");
        Table table = stores.table(store, tableName);
        ItemKey key = table.key().keyOf(keyMap);
        boolean consistent = Boolean.TRUE.equals(p.bool("ConsistentRead"));
        StoredItem item = table.get(key);
        String capacityMode = p.string("ReturnConsumedCapacity");
        return Json.write(g -> {
            g.writeStartObject();
            if (item != null) {
                g.writeFieldName("Item");
                if (projection == null && attributesToGet == null) {
                    g.writeRawValue(new String(item.json(), java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    Map<String, AttributeValue> attrs = item.attributes();
                    AttributeValues.writeItem(g, projection != null ? projection.apply(attrs)
                            : RequestExpressions.attributesToGet(attrs, attributesToGet));
                }
            }
            if (Capacity.wanted(capacityMode)) {
                Capacity c = new Capacity(table.name(), true);
                c.addTable(Capacity.readUnits(item == null ? 0 : item.size(), consistent));
                g.writeFieldName("ConsumedCapacity");
                c.write(g, capacityMode);
            }
            g.writeEndObject();
        });
    }

    byte[] putItem(AccountStore store, Params p) {
        String tableName = p.tableName("TableName", "tableName");
        p.require("Item", "item");
        commonChecks(p);
        p.check();
        String returnValues = returnValues(p, Set.of("NONE", "ALL_OLD"));
        RequestExpressions expressions = RequestExpressions.of(p, "ConditionExpression");
        Condition condition = expressions.condition(p, "ConditionExpression");
        expressions.checkAllUsed();
        Map<String, AttributeValue> item = p.attributeMap("Item");
        Table table = stores.table(store, tableName);
        ItemKey key = table.key().keyOfItem(item);
        table.checkIndexKeys(item);
        StoredItem stored = StoredItem.of(item);
        checkSize(stored);
        Capacity capacity = new Capacity(table.name(), false);
        Map<String, AttributeValue> old = write(table, key, condition, p, capacity, current -> new Next(item, stored)).old();
        return writeResult(p, "ALL_OLD".equals(returnValues) ? old : null, capacity);
    }

    byte[] deleteItem(AccountStore store, Params p) {
        String tableName = p.tableName("TableName", "tableName");
        p.require("Key", "key");
        commonChecks(p);
        p.check();
        String returnValues = returnValues(p, Set.of("NONE", "ALL_OLD"));
        RequestExpressions expressions = RequestExpressions.of(p, "ConditionExpression");
        Condition condition = expressions.condition(p, "ConditionExpression");
        expressions.checkAllUsed();
        Table table = stores.table(store, tableName);
        ItemKey key = table.key().keyOf(p.attributeMap("Key"));
        Capacity capacity = new Capacity(table.name(), false);
        Map<String, AttributeValue> old = write(table, key, condition, p, capacity, current -> null).old();
        return writeResult(p, "ALL_OLD".equals(returnValues) ? old : null, capacity);
    }

    byte[] updateItem(AccountStore store, Params p) {
        String tableName = p.tableName("TableName", "tableName");
        p.require("Key", "key");
        commonChecks(p);
        p.check();
        String returnValues = returnValues(p, Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (p.has("AttributeUpdates")) {
            throw DynamoDbException.validation("The sandbox's DynamoDB engine supports UpdateExpression only; the legacy"
                    + " AttributeUpdates parameter is not supported");
        }
        RequestExpressions expressions = RequestExpressions.of(p, "ConditionExpression", "UpdateExpression");
        Update update = p.string("UpdateExpression") == null ? null : Expressions.parseUpdate(p.string("UpdateExpression"),
                expressions.context);
        Condition condition = expressions.condition(p, "ConditionExpression");
        expressions.checkAllUsed();
        Table table = stores.table(store, tableName);
        ItemKey key = table.key().keyOf(p.attributeMap("Key"));
        if (update != null) {
            for (String attribute : update.topLevelAttributes()) {
                if (table.key().isKeyAttribute(attribute)) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update attribute " + attribute
                            + ". This attribute is part of the key");
                }
            }
        }
        Capacity capacity = new Capacity(table.name(), false);
        Change change = write(table, key, condition, p, capacity, current -> {
            Map<String, AttributeValue> base = new java.util.LinkedHashMap<>(current == null ? table.key().toMap(key) : current);
            Map<String, AttributeValue> next = update == null ? base : update.apply(base);
            table.checkIndexKeys(next);
            StoredItem stored = StoredItem.of(next);
            checkSize(stored);
            return new Next(next, stored);
        });
        Map<String, AttributeValue> old = change.old();
        Map<String, AttributeValue> updated = change.updated();
        Map<String, AttributeValue> returned;
        switch (returnValues) {
            case "ALL_OLD":
                returned = old;
                break;
            case "ALL_NEW":
                returned = updated;
                break;
            case "UPDATED_OLD":
                returned = old == null || update == null ? null : update.updatedParts(old);
                break;
            case "UPDATED_NEW":
                returned = update == null ? null : update.updatedParts(updated);
                break;
            default:
                returned = null;
        }
        return writeResult(p, returned == null || returned.isEmpty() ? null : returned, capacity);
    }

    /** The item a write leaves: its attributes and their stored form; null for a delete. */
    private record Next(Map<String, AttributeValue> attributes, StoredItem stored) {
    }

    /** What a write replaced and what it left (either may be null). */
    private record Change(Map<String, AttributeValue> old, Map<String, AttributeValue> updated) {
    }

    /**
     * One conditional single-item write, atomic under the item's stripe lock: reads the current item, checks the
     * condition on it, computes the next item from it, stores it (or deletes, for a null next), tells the stream, counts
     * capacity.
     */
    private Change write(Table table, ItemKey key, Condition condition, Params p, Capacity capacity,
            java.util.function.Function<Map<String, AttributeValue>, Next> next) {
        ReentrantLock lock = table.stripe(key);
        lock.lock();
        try {
            StoredItem current = table.get(key);
            Map<String, AttributeValue> old = current == null ? null : current.attributes();
            check(condition, old, p);
            Next after = next.apply(old);
            if (after != null || current != null) {
                table.store(key, after == null ? null : after.stored(), after == null ? null : after.attributes(), old);
                listener.changed(table, key, old, after == null ? null : after.attributes(), false);
            }
            capacity.addWrite(table, current == null ? 0 : current.size(), after == null ? 0 : after.stored().size(), old,
                    after == null ? null : after.attributes(), 1);
            return new Change(old, after == null ? null : after.attributes());
        } finally {
            lock.unlock();
        }
    }

    private static void commonChecks(Params p) {
        p.oneOf("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY, CAPACITY_ORDER);
        p.oneOf("ReturnItemCollectionMetrics", "returnItemCollectionMetrics", Set.of("SIZE", "NONE"), List.of("SIZE", "NONE"));
        p.oneOf("ReturnValuesOnConditionCheckFailure", "returnValuesOnConditionCheckFailure", FAILURE_RETURN, List.of("ALL_OLD", "NONE"));
        p.oneOf("ReturnValues", "returnValues", Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"),
                List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (p.has("Expected")) {
            throw DynamoDbException.validation("The sandbox's DynamoDB engine supports ConditionExpression only; the legacy Expected"
                    + " parameter is not supported");
        }
    }

    private static String returnValues(Params p, Set<String> allowed) {
        String value = p.string("ReturnValues");
        if (value == null) {
            return "NONE";
        }
        if (!allowed.contains(value)) {
            throw DynamoDbException.validation("Return values set to invalid value");
        }
        return value;
    }

    static void checkSize(StoredItem item) {
        if (item.size() > MAX_ITEM_BYTES) {
            throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    private static void check(Condition condition, Map<String, AttributeValue> current, Params p) {
        if (condition != null && !condition.test(current == null ? Map.of() : current)) {
            boolean returnOld = "ALL_OLD".equals(p.string("ReturnValuesOnConditionCheckFailure"));
            throw new ConditionalCheckFailed(returnOld ? current : null);
        }
    }

    private static byte[] writeResult(Params p, Map<String, AttributeValue> attributes, Capacity capacity) {
        String mode = p.string("ReturnConsumedCapacity");
        return Json.write(g -> {
            g.writeStartObject();
            if (attributes != null) {
                g.writeFieldName("Attributes");
                AttributeValues.writeItem(g, attributes);
            }
            if (Capacity.wanted(mode)) {
                g.writeFieldName("ConsumedCapacity");
                capacity.write(g, mode);
            }
            g.writeEndObject();
        });
    }

    /** ConditionalCheckFailedException, with the item when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
    static final class ConditionalCheckFailed extends DynamoDbException implements WithBody {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, AttributeValue> item;

        ConditionalCheckFailed(Map<String, AttributeValue> item) {
            super(400, "ConditionalCheckFailedException", "The conditional request failed");
            this.item = item;
        }

        @Override
        public void writeExtra(JsonGenerator g) throws IOException {
            if (item != null) {
                g.writeFieldName("Item");
                AttributeValues.writeItem(g, item);
            }
        }
    }

    /** An error that carries members besides __type and message. */
    interface WithBody {
        void writeExtra(JsonGenerator g) throws IOException;
    }
}
