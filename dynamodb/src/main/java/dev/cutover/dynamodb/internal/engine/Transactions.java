package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.Condition;
import dev.cutover.dynamodb.internal.expression.Expressions;
import dev.cutover.dynamodb.internal.expression.Projection;
import dev.cutover.dynamodb.internal.expression.Update;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * TransactWriteItems and TransactGetItems: all-or-nothing over up to 100 items. The stripes of every item are taken in one
 * global order (table ARN, then stripe) before any condition is checked, so two transactions never deadlock, no write
 * slips in between check and apply, and a TransactGetItems never sees half of a transaction.
 */
final class Transactions {

    static final int MAX_ITEMS = 100;
    static final Duration TOKEN_WINDOW = Duration.ofMinutes(10);

    /** A ClientRequestToken's first use: the request it came with and when. */
    record TokenUse(String requestHash, Instant at) {
    }

    private final Stores stores;
    private final Table.ChangeListener listener;

    Transactions(Stores stores, Table.ChangeListener listener) {
        this.stores = stores;
        this.listener = listener;
    }

    private record Action(String kind, Table table, ItemKey key, Map<String, AttributeValue> item, Condition condition, Update update,
            boolean returnOldOnFailure) {
    }

    byte[] transactWriteItems(AccountStore store, Params p) {
        JsonNode items = p.array("TransactItems");
        if (items == null) {
            p.notNull("transactItems");
        }
        p.check();
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member"
                    + " must have length less than or equal to " + MAX_ITEMS + ", Member must have length greater than or equal to 1");
        }
        String token = p.string("ClientRequestToken");
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode element : items) {
            String kind = null;
            JsonNode body = null;
            for (String k : List.of("ConditionCheck", "Put", "Delete", "Update")) {
                if (element.hasNonNull(k)) {
                    if (kind != null) {
                        throw DynamoDbException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
                    }
                    kind = k;
                    body = element.get(k);
                }
            }
            if (kind == null) {
                throw DynamoDbException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            Params ip = new Params(body);
            String tableName = ip.tableName("TableName", "transactItems.member." + lower(kind) + ".tableName");
            ip.check();
            Table table = stores.table(store, tableName);
            RequestExpressions expressions = "Update".equals(kind) ? RequestExpressions.of(ip, "ConditionExpression", "UpdateExpression")
                    : RequestExpressions.of(ip, "ConditionExpression");
            Update update = null;
            if ("Update".equals(kind)) {
                String text = ip.string("UpdateExpression");
                if (text == null) {
                    throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.update"
                            + ".updateExpression' failed to satisfy constraint: Member must not be null");
                }
                update = Expressions.parseUpdate(text, expressions.context);
            }
            Condition condition = expressions.condition(ip, "ConditionExpression");
            if ("ConditionCheck".equals(kind) && condition == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.conditionCheck"
                        + ".conditionExpression' failed to satisfy constraint: Member must not be null");
            }
            expressions.checkAllUsed();
            ItemKey key;
            Map<String, AttributeValue> item = null;
            if ("Put".equals(kind)) {
                item = ip.attributeMap("Item");
                if (item == null) {
                    throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.put.item' failed"
                            + " to satisfy constraint: Member must not be null");
                }
                key = table.key().keyOfItem(item);
                table.checkIndexKeys(item);
                ItemOperations.checkSize(StoredItem.of(item));
            } else {
                key = table.key().keyOf(ip.attributeMap("Key"));
            }
            if (update != null) {
                for (String attribute : update.topLevelAttributes()) {
                    if (table.key().isKeyAttribute(attribute)) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update attribute " + attribute
                                + ". This attribute is part of the key");
                    }
                }
            }
            if (!seen.add(table.metadata().arn() + "|" + key)) {
                throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(new Action(kind, table, key, item, condition, update,
                    "ALL_OLD".equals(ip.string("ReturnValuesOnConditionCheckFailure"))));
        }
        if (token != null) {
            String hash = Integer.toHexString(p.node().get("TransactItems").toString().hashCode());
            Instant now = stores.clock().instant();
            store.tokens().values().removeIf(u -> u.at().plus(TOKEN_WINDOW).isBefore(now));
            TokenUse previous = store.tokens().putIfAbsent(token, new TokenUse(hash, now));
            if (previous != null) {
                if (!previous.requestHash().equals(hash)) {
                    throw new DynamoDbException(400, "IdempotentParameterMismatchException", "The request uses the same client token as"
                            + " a previous, but non-identical request. Please change the client token and retry.");
                }
                return capacityOnly(p, actions);
            }
        }
        List<ReentrantLock> locks = lockOrder(actions.stream().map(a -> new Object[] {a.table(), a.key()}).toList());
        locks.forEach(ReentrantLock::lock);
        try {
            List<Map<String, AttributeValue>> olds = new ArrayList<>();
            List<Map<String, AttributeValue>> news = new ArrayList<>();
            boolean failed = false;
            String[] codes = new String[actions.size()];
            List<Map<String, AttributeValue>> failedItems = new ArrayList<>();
            for (Action a : actions) {
                StoredItem current = a.table().get(a.key());
                Map<String, AttributeValue> old = current == null ? null : current.attributes();
                olds.add(old);
                boolean ok = a.condition() == null || a.condition().test(old == null ? Map.of() : old);
                codes[olds.size() - 1] = ok ? "None" : "ConditionalCheckFailed";
                failedItems.add(!ok && a.returnOldOnFailure() ? old : null);
                failed |= !ok;
                Map<String, AttributeValue> next = null;
                if (ok) {
                    switch (a.kind()) {
                        case "Put":
                            next = a.item();
                            break;
                        case "Update": {
                            Map<String, AttributeValue> base = new LinkedHashMap<>(old == null ? a.table().key().toMap(a.key()) : old);
                            next = a.update().apply(base);
                            a.table().checkIndexKeys(next);
                            ItemOperations.checkSize(StoredItem.of(next));
                            break;
                        }
                        default:
                            next = null;
                    }
                }
                news.add(next);
            }
            if (failed) {
                store.tokens().remove(token == null ? "" : token);
                throw new Canceled(codes, failedItems);
            }
            for (int i = 0; i < actions.size(); i++) {
                Action a = actions.get(i);
                if ("ConditionCheck".equals(a.kind())) {
                    continue;
                }
                Map<String, AttributeValue> next = news.get(i);
                if (next == null && olds.get(i) == null) {
                    continue;
                }
                a.table().store(a.key(), next == null ? null : StoredItem.of(next), next, olds.get(i));
                listener.changed(a.table(), a.key(), olds.get(i), next, false);
            }
        } finally {
            locks.forEach(ReentrantLock::unlock);
        }
        return capacityOnly(p, actions);
    }

    private static String lower(String kind) {
        return Character.toLowerCase(kind.charAt(0)) + kind.substring(1);
    }

    private static byte[] capacityOnly(Params p, List<Action> actions) {
        String mode = p.string("ReturnConsumedCapacity");
        return Json.write(g -> {
            g.writeStartObject();
            if (Capacity.wanted(mode)) {
                Map<String, Capacity> byTable = new LinkedHashMap<>();
                for (Action a : actions) {
                    byTable.computeIfAbsent(a.table().name(), n -> new Capacity(n, false)).addTable(2);
                }
                g.writeArrayFieldStart("ConsumedCapacity");
                for (Capacity c : byTable.values()) {
                    c.write(g, mode);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    byte[] transactGetItems(AccountStore store, Params p) {
        JsonNode items = p.array("TransactItems");
        if (items == null) {
            p.notNull("transactItems");
        }
        p.check();
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member"
                    + " must have length less than or equal to " + MAX_ITEMS + ", Member must have length greater than or equal to 1");
        }
        List<Table> tables = new ArrayList<>();
        List<ItemKey> keys = new ArrayList<>();
        List<Projection> projections = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode element : items) {
            JsonNode get = element.get("Get");
            if (get == null || get.isNull()) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.get' failed to"
                        + " satisfy constraint: Member must not be null");
            }
            Params ip = new Params(get);
            String tableName = ip.tableName("TableName", "transactItems.member.get.tableName");
            ip.check();
            Table table = stores.table(store, tableName);
            RequestExpressions expressions = RequestExpressions.of(ip, "ProjectionExpression");
            projections.add(expressions.projection(ip));
            expressions.checkAllUsed();
            ItemKey key = table.key().keyOf(ip.attributeMap("Key"));
            if (!seen.add(table.metadata().arn() + "|" + key)) {
                throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
            }
            tables.add(table);
            keys.add(key);
        }
        List<Object[]> targets = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            targets.add(new Object[] {tables.get(i), keys.get(i)});
        }
        List<ReentrantLock> locks = lockOrder(targets);
        StoredItem[] found = new StoredItem[tables.size()];
        locks.forEach(ReentrantLock::lock);
        try {
            for (int i = 0; i < tables.size(); i++) {
                found[i] = tables.get(i).get(keys.get(i));
            }
        } finally {
            locks.forEach(ReentrantLock::unlock);
        }
        String mode = p.string("ReturnConsumedCapacity");
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Responses");
            for (int i = 0; i < found.length; i++) {
                g.writeStartObject();
                if (found[i] != null) {
                    g.writeFieldName("Item");
                    Map<String, AttributeValue> attrs = found[i].attributes();
                    AttributeValues.writeItem(g, projections.get(i) == null ? attrs : projections.get(i).apply(attrs));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (Capacity.wanted(mode)) {
                Map<String, Capacity> byTable = new LinkedHashMap<>();
                for (int i = 0; i < found.length; i++) {
                    byTable.computeIfAbsent(tables.get(i).name(), n -> new Capacity(n, true))
                            .addTable(2 * Capacity.readUnits(found[i] == null ? 0 : found[i].size(), true));
                }
                g.writeArrayFieldStart("ConsumedCapacity");
                for (Capacity c : byTable.values()) {
                    c.write(g, mode);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** The distinct stripe locks of (table, key) pairs in the one global order. */
    private static List<ReentrantLock> lockOrder(List<Object[]> targets) {
        TreeMap<String, ReentrantLock> ordered = new TreeMap<>(Comparator.naturalOrder());
        for (Object[] t : targets) {
            Table table = (Table) t[0];
            ItemKey key = (ItemKey) t[1];
            ordered.put(table.metadata().arn() + "#" + String.format("%05d", table.stripeIndex(key)), table.stripe(key));
        }
        return new ArrayList<>(ordered.values());
    }

    /** TransactionCanceledException with one CancellationReason per item, in request order. */
    static final class Canceled extends DynamoDbException implements ItemOperations.WithBody {
        private static final long serialVersionUID = 1L;
        private final String[] codes;
        private final transient List<Map<String, AttributeValue>> items;

        Canceled(String[] codes, List<Map<String, AttributeValue>> items) {
            super(400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                    + Arrays.toString(codes).replace(" ", " "));
            this.codes = codes;
            this.items = items;
        }

        @Override
        public void writeExtra(JsonGenerator g) throws IOException {
            g.writeArrayFieldStart("CancellationReasons");
            for (int i = 0; i < codes.length; i++) {
                g.writeStartObject();
                g.writeStringField("Code", codes[i]);
                if (!"None".equals(codes[i])) {
                    g.writeStringField("Message", "The conditional request failed");
                }
                if (items.get(i) != null) {
                    g.writeFieldName("Item");
                    AttributeValues.writeItem(g, items.get(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }
}
