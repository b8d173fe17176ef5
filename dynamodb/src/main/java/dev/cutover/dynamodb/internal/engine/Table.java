package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import dev.cutover.dynamodb.internal.value.NumberValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One table's items and indexes. Items live in a concurrent skip list ordered by {@link ItemKey}, so reads take no
 * lock. Writes to one item take that item's stripe lock (one of {@value #STRIPES}), which makes a conditional write
 * atomic per item without a table-wide lock; a transaction takes the stripes of all its items in a fixed order.
 * Secondary index entries are updated under the same lock as the item, so an index never disagrees with its table for
 * longer than one write.
 */
final class Table {

    static final int STRIPES = 1024;

    private final TableMetadata metadata;
    private final ConcurrentSkipListMap<ItemKey, StoredItem> items = new ConcurrentSkipListMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    private volatile List<Index> indexes;

    Table(TableMetadata metadata, List<IndexDefinition> indexDefinitions) {
        this.metadata = metadata;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        List<Index> list = new ArrayList<>();
        for (IndexDefinition d : indexDefinitions) {
            list.add(new Index(d));
        }
        this.indexes = List.copyOf(list);
    }

    TableMetadata metadata() {
        return metadata;
    }

    KeySchema key() {
        return metadata.key();
    }

    String name() {
        return metadata.name();
    }

    ConcurrentSkipListMap<ItemKey, StoredItem> items() {
        return items;
    }

    long itemCount() {
        return itemCount.get();
    }

    long sizeBytes() {
        return sizeBytes.get();
    }

    List<Index> indexes() {
        return indexes;
    }

    Index index(String name) {
        for (Index index : indexes) {
            if (index.definition().name().equals(name)) {
                return index;
            }
        }
        return null;
    }

    ReentrantLock stripe(ItemKey key) {
        return stripes[Math.floorMod(key.token() ^ (key.range() == null ? 0 : key.range().hashCode()), STRIPES)];
    }

    /** Stable global order for taking several stripes: by table, then stripe. */
    int stripeIndex(ItemKey key) {
        return Math.floorMod(key.token() ^ (key.range() == null ? 0 : key.range().hashCode()), STRIPES);
    }

    StoredItem get(ItemKey key) {
        return items.get(key);
    }

    /**
     * Checks that the item's secondary index key attributes, where present, have their declared types; DynamoDB refuses
     * the write otherwise.
     */
    void checkIndexKeys(Map<String, AttributeValue> item) {
        for (Index index : indexes) {
            KeySchema k = index.definition().key();
            checkIndexKey(item, k.hashName(), k.hashType(), index.definition().name());
            if (k.hasRange()) {
                checkIndexKey(item, k.rangeName(), k.rangeType(), index.definition().name());
            }
        }
    }

    private static void checkIndexKey(Map<String, AttributeValue> item, String name, String type, String indexName) {
        AttributeValue v = item.get(name);
        if (v != null && !v.type().equals(type)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for Index Key " + name
                    + " Expected: " + type + " Actual: " + v.type() + " IndexName: " + indexName);
        }
        if (v != null) {
            KeySchema.checkKeyValue(v, true, name);
        }
    }

    /**
     * Replaces (or, with {@code item == null}, removes) the item at {@code key}. The caller holds {@link #stripe(ItemKey)}.
     *
     * @param oldAttributes the current item's attributes when the caller already parsed them, else null
     * @return the previous item, or null
     */
    StoredItem store(ItemKey key, StoredItem item, Map<String, AttributeValue> attributes, Map<String, AttributeValue> oldAttributes) {
        StoredItem old = item == null ? items.remove(key) : items.put(key, item);
        if (old == null && item != null) {
            itemCount.incrementAndGet();
        } else if (old != null && item == null) {
            itemCount.decrementAndGet();
        }
        sizeBytes.addAndGet((item == null ? 0 : item.size()) - (old == null ? 0 : old.size()));
        List<Index> current = indexes;
        if (!current.isEmpty()) {
            Map<String, AttributeValue> before = old == null ? null : (oldAttributes != null ? oldAttributes : old.attributes());
            Map<String, AttributeValue> after = item == null ? null : (attributes != null ? attributes : item.attributes());
            for (Index index : current) {
                index.replace(key, before, after, item, metadata.key());
            }
        }
        return old;
    }

    /** Adds an index and backfills it from the items, item by item under each item's lock. */
    void addIndex(IndexDefinition definition) {
        Index index = new Index(definition);
        synchronized (this) {
            List<Index> copy = new ArrayList<>(indexes);
            copy.add(index);
            indexes = List.copyOf(copy);
        }
        for (ItemKey key : items.keySet()) {
            ReentrantLock lock = stripe(key);
            lock.lock();
            try {
                StoredItem item = items.get(key);
                if (item != null) {
                    index.replace(key, null, item.attributes(), item, metadata.key());
                }
            } finally {
                lock.unlock();
            }
        }
    }

    synchronized void removeIndex(String name) {
        List<Index> copy = new ArrayList<>(indexes);
        copy.removeIf(i -> i.definition().name().equals(name));
        indexes = List.copyOf(copy);
    }

    /** Deletes every item whose TTL attribute (epoch seconds) is at or before {@code now}; returns how many went. */
    int expire(String ttlAttribute, Instant now, ChangeListener listener) {
        int removed = 0;
        BigDecimal nowSeconds = BigDecimal.valueOf(now.getEpochSecond());
        for (Iterator<Map.Entry<ItemKey, StoredItem>> it = items.entrySet().iterator(); it.hasNext();) {
            Map.Entry<ItemKey, StoredItem> e = it.next();
            if (!isExpired(e.getValue().attributes(), ttlAttribute, nowSeconds)) {
                continue;
            }
            ReentrantLock lock = stripe(e.getKey());
            lock.lock();
            try {
                StoredItem current = items.get(e.getKey());
                if (current == null) {
                    continue;
                }
                Map<String, AttributeValue> attributes = current.attributes();
                if (isExpired(attributes, ttlAttribute, nowSeconds)) {
                    store(e.getKey(), null, null, attributes);
                    listener.changed(this, e.getKey(), attributes, null, true);
                    removed++;
                }
            } finally {
                lock.unlock();
            }
        }
        return removed;
    }

    private static boolean isExpired(Map<String, AttributeValue> item, String ttlAttribute, BigDecimal nowSeconds) {
        AttributeValue ttl = item.get(ttlAttribute);
        // DynamoDB ignores TTL values more than five years in the past (treats them as not a timestamp)
        return ttl instanceof NumberValue n && n.value().compareTo(nowSeconds) <= 0
                && n.value().compareTo(nowSeconds.subtract(BigDecimal.valueOf(5L * 365 * 24 * 3600))) > 0;
    }

    /** A secondary index: entries ordered by the index key, then the table key, pointing at the table's stored item. */
    static final class Index {
        private final IndexDefinition definition;
        private final ConcurrentSkipListMap<IndexKey, StoredItem> entries = new ConcurrentSkipListMap<>();
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong size = new AtomicLong();

        Index(IndexDefinition definition) {
            this.definition = definition;
        }

        IndexDefinition definition() {
            return definition;
        }

        ConcurrentSkipListMap<IndexKey, StoredItem> entries() {
            return entries;
        }

        long itemCount() {
            return count.get();
        }

        long sizeBytes() {
            return size.get();
        }

        ItemKey keyOf(Map<String, AttributeValue> item) {
            KeySchema k = definition.key();
            AttributeValue h = item.get(k.hashName());
            if (h == null || !h.type().equals(k.hashType())) {
                return null;
            }
            AttributeValue r = null;
            if (k.hasRange()) {
                r = item.get(k.rangeName());
                if (r == null || !r.type().equals(k.rangeType())) {
                    return null;
                }
            }
            return ItemKey.of(h, r);
        }

        void replace(ItemKey tableKey, Map<String, AttributeValue> before, Map<String, AttributeValue> after, StoredItem item,
                KeySchema tableSchema) {
            if (before != null) {
                ItemKey k = keyOf(before);
                if (k != null && entries.remove(new IndexKey(k, tableKey)) != null) {
                    count.decrementAndGet();
                    size.addAndGet(-projectedSize(before, tableSchema));
                }
            }
            if (after != null) {
                ItemKey k = keyOf(after);
                if (k != null && entries.put(new IndexKey(k, tableKey), item) == null) {
                    count.incrementAndGet();
                    size.addAndGet(projectedSize(after, tableSchema));
                }
            }
        }

        private long projectedSize(Map<String, AttributeValue> item, KeySchema tableSchema) {
            return AttributeValues.itemSize(definition.project(item, tableSchema));
        }
    }

    /** An index entry's position: the index key, then the table key (index keys need not be unique). */
    record IndexKey(ItemKey index, ItemKey table) implements Comparable<IndexKey> {
        @Override
        public int compareTo(IndexKey o) {
            int c = index.compareTo(o.index);
            if (c != 0) {
                return c;
            }
            if (table == null || o.table == null) {
                return table == null ? (o.table == null ? 0 : -1) : 1;
            }
            return table.compareTo(o.table);
        }
    }

    /** Told of every change, under the item's lock, so per-key order holds (DynamoDB Streams builds on it). */
    interface ChangeListener {
        ChangeListener NONE = (table, key, before, after, expired) -> { };

        void changed(Table table, ItemKey key, Map<String, AttributeValue> before, Map<String, AttributeValue> after, boolean expired);
    }
}
