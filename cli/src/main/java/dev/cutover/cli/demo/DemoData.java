package dev.cutover.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cli.sandbox.ExampleApp;
import dev.cutover.cli.sandbox.ShopWorker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The demo's data checks, from the client's side: a ledger of every write the router accepted, and a stale-read check.
 *
 * <p>Stale read: before each {@code getItem} is sent, the legacy table is read directly (consistent read, the legacy
 * account's own credentials, not through the router). If the router's answer is older than that (a lower {@code seq}, or an
 * item legacy had already deleted), the read was served stale by new. How stale: the time from when legacy's consumer applied
 * the first change the answer lacks (recorded by the legacy {@link ShopWorker}) to the answer.
 *
 * <p>Lost write: {@link #lostWrites} reads every item the accepted writes touched from a table and compares it with the
 * newest accepted write: an accepted delete must have removed it, otherwise it must hold the newest accepted seq and price;
 * every accepted order must exist.
 */
public final class DemoData implements TrafficDriver.DataChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The newest accepted update of one item, and whether a delete was accepted. */
    private static final class ItemWrites {
        long seq = -1;
        String price;
        boolean deleted;
    }

    /** What legacy held just before a read: absent, or the item's seq (0 for an item never updated). */
    private record LegacyView(boolean present, long seq) {
    }

    private final int items;
    private final DynamoDbClient legacy;
    private final String legacyTable;
    private final Function<String, Map<Long, ShopWorker.Applied>> legacyApplied;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, ItemWrites> writes = new ConcurrentHashMap<>();
    private final Set<String> orders = ConcurrentHashMap.newKeySet();

    /**
     * @param legacy the legacy account's own client, for the reads before each getItem
     * @param legacyApplied per item id, the changes legacy's consumer applied and when ({@link ShopWorker#applied})
     */
    public DemoData(int items, DynamoDbClient legacy, String legacyTable, Function<String, Map<Long, ShopWorker.Applied>> legacyApplied) {
        this.items = items;
        this.legacy = legacy;
        this.legacyTable = legacyTable;
        this.legacyApplied = legacyApplied;
    }

    /** The next update's seq. */
    public long nextSeq() {
        return seq.incrementAndGet();
    }

    /** Accepted writes so far: item updates and deletes, orders. */
    public int acceptedWrites() {
        return writes.size() + orders.size();
    }

    /** The same ledger and statuses, without the stale-read check (it reads legacy directly). */
    public TrafficDriver.DataChecks withoutLegacyReads() {
        DemoData self = this;
        return new TrafficDriver.DataChecks() {
            @Override
            public boolean isAlsoSuccess(TrafficDriver.RequestKind kind, int status) {
                return self.isAlsoSuccess(kind, status);
            }

            @Override
            public void accepted(TrafficDriver.RequestKind kind, int n, String requestBody, String responseBody) {
                self.accepted(kind, n, requestBody, responseBody);
            }
        };
    }

    @Override
    public boolean isAlsoSuccess(TrafficDriver.RequestKind kind, int status) {
        return "getItem".equals(kind.operation()) && status == 404;
    }

    @Override
    public Object beforeRead(TrafficDriver.RequestKind kind, int n) {
        if (!"getItem".equals(kind.operation())) {
            return null;
        }
        GetItemResponse r = legacy.getItem(b -> b.tableName(legacyTable).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(ExampleApp.itemId(n % items)))));
        if (!r.hasItem() || r.item().isEmpty()) {
            return new LegacyView(false, 0);
        }
        AttributeValue s = r.item().get("seq");
        return new LegacyView(true, s == null ? 0 : Long.parseLong(s.n()));
    }

    @Override
    public long staleness(TrafficDriver.RequestKind kind, int n, Object before, int status, String body, long answeredAtMillis) {
        if (!(before instanceof LegacyView legacyView)) {
            return -1;
        }
        String id = ExampleApp.itemId(n % items);
        boolean present = status == 200;
        long answeredSeq = present ? seqOf(body) : 0;
        Map<Long, ShopWorker.Applied> applied = legacyApplied.apply(id);
        if (!legacyView.present()) {
            if (!present) {
                return -1;
            }
            // legacy had deleted it: stale since that delete
            return applied.values().stream().filter(ShopWorker.Applied::delete)
                    .mapToLong(a -> Math.max(0, answeredAtMillis - a.at().toEpochMilli())).max().orElse(Long.MAX_VALUE);
        }
        if (!present) {
            ItemWrites w = writes.get(id);
            boolean deletedByClient = w != null && w.deleted;
            // a delete the client sent that reached new first is newer than legacy, not stale
            return deletedByClient ? -1 : Long.MAX_VALUE;
        }
        if (answeredSeq >= legacyView.seq()) {
            return -1;
        }
        // the earliest change legacy applied after what the answer holds
        return applied.values().stream().filter(a -> a.seq() > answeredSeq)
                .mapToLong(a -> Math.max(0, answeredAtMillis - a.at().toEpochMilli())).max().orElse(Long.MAX_VALUE);
    }

    @Override
    public void accepted(TrafficDriver.RequestKind kind, int n, String requestBody, String responseBody) {
        JsonNode sent = parse(requestBody);
        if ("createOrder".equals(kind.operation())) {
            orders.add(parse(responseBody).path("idempotencyKey").asText());
            return;
        }
        if (!"updateItem".equals(kind.operation())) {
            return;
        }
        String id = ExampleApp.itemId(n % items);
        ItemWrites w = writes.computeIfAbsent(id, k -> new ItemWrites());
        synchronized (w) {
            if (sent.path("remove").asBoolean(false)) {
                w.deleted = true;
            } else if (sent.path("seq").asLong() > w.seq) {
                w.seq = sent.path("seq").asLong();
                w.price = sent.path("price").asText();
            }
        }
    }

    /** Every accepted write {@code table} does not reflect, described (at most {@code limit} descriptions, then a count). */
    public List<String> lostWrites(DynamoDbClient client, String table, int limit) {
        List<String> lost = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, ItemWrites> e : writes.entrySet()) {
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("id", AttributeValue.fromS(e.getKey())))).item();
            boolean present = item != null && !item.isEmpty();
            ItemWrites w = e.getValue();
            String problem = null;
            synchronized (w) {
                if (w.deleted && present) {
                    problem = e.getKey() + " was deleted but is still there";
                } else if (!w.deleted && !present) {
                    problem = e.getKey() + " is missing (newest accepted update seq " + w.seq + ")";
                } else if (!w.deleted && (item.get("seq") == null || Long.parseLong(item.get("seq").n()) != w.seq
                        || !w.price.equals(item.get("price").n()))) {
                    problem = e.getKey() + " holds seq " + (item.get("seq") == null ? "none" : item.get("seq").n()) + " price "
                            + item.get("price").n() + ", but the newest accepted update is seq " + w.seq + " price " + w.price;
                }
            }
            if (problem != null) {
                count++;
                if (lost.size() < limit) {
                    lost.add(problem);
                }
            }
        }
        for (String key : orders) {
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("id", AttributeValue.fromS("order-" + key)))).item();
            if (item == null || item.isEmpty()) {
                count++;
                if (lost.size() < limit) {
                    lost.add("order-" + key + " is missing");
                }
            }
        }
        if (count > lost.size()) {
            lost.add("... " + (count - lost.size()) + " more");
        }
        return lost;
    }

    private static long seqOf(String body) {
        JsonNode seqNode = parse(body).path("item").path("seq");
        return seqNode.isMissingNode() || seqNode.isNull() ? 0 : seqNode.asLong();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + (text.length() > 120 ? text.substring(0, 120) : text), e);
        }
    }
}
