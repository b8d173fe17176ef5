package dev.cutover.dynamodb.internal.streams;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One table's stream (one label): its shards, oldest first, each the parent of the next. Only the newest shard is open;
 * it is closed and replaced by a child when it reaches the rollover count or age, and closed for good when the stream is
 * disabled or its table deleted. A stream's sequence counter is advanced only under the open shard's lock, so sequence
 * numbers increase strictly in shard order, across shards too.
 */
public final class Stream {

    /** A key attribute of the table, for DescribeStream. */
    public record KeyElement(String name, String keyType) {
    }

    private final String arn;
    private final String tableName;
    private final String label;
    private final String viewType;
    private final String region;
    private final List<KeyElement> keySchema;
    private final Instant created;
    private final StreamSettings settings;
    private final AtomicLong sequence = new AtomicLong();
    private final CopyOnWriteArrayList<Shard> shards = new CopyOnWriteArrayList<>();
    private final Object trimming = new Object();
    private volatile Shard current;
    private volatile Instant disabledAt;

    Stream(String arn, String tableName, String label, String viewType, String region, List<KeyElement> keySchema, Instant created,
            StreamSettings settings) {
        this.arn = arn;
        this.tableName = tableName;
        this.label = label;
        this.viewType = viewType;
        this.region = region;
        this.keySchema = List.copyOf(keySchema);
        this.created = created;
        this.settings = settings;
        Shard first = new Shard(shardId(created), null, sequence.incrementAndGet(), created);
        shards.add(first);
        current = first;
    }

    public String arn() {
        return arn;
    }

    public String label() {
        return label;
    }

    String tableName() {
        return tableName;
    }

    String viewType() {
        return viewType;
    }

    String region() {
        return region;
    }

    List<KeyElement> keySchema() {
        return keySchema;
    }

    Instant created() {
        return created;
    }

    StreamSettings settings() {
        return settings;
    }

    boolean isEnabled() {
        return disabledAt == null;
    }

    Instant disabledAt() {
        return disabledAt;
    }

    /** The shards still kept, oldest (parent) first. */
    List<Shard> shards() {
        return List.copyOf(shards);
    }

    Shard shard(String id) {
        for (Shard s : shards) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** The last sequence number issued so far. */
    long lastSequence() {
        return sequence.get();
    }

    /**
     * Records one change to an item. Called under the item's lock (so one item's records keep their order); the only
     * lock taken here is the open shard's, for the append itself.
     *
     * @param keys the item's key attributes
     * @param before the item before the change, or null if there was none
     * @param after the item after the change, or null if it was removed
     * @param byTimeToLive whether TTL removed the item
     */
    public void capture(Map<String, AttributeValue> keys, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
            boolean byTimeToLive, Instant now) {
        if ((before == null && after == null) || (before != null && before.equals(after)) || !isEnabled()) {
            return; // DynamoDB writes no record for a write that changes nothing
        }
        String eventName = before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
        boolean wantsNew = "NEW_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType);
        boolean wantsOld = "OLD_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType);
        Map<String, AttributeValue> newImage = wantsNew ? after : null;
        Map<String, AttributeValue> oldImage = wantsOld ? before : null;
        long size = AttributeValues.itemSize(keys) + (newImage == null ? 0 : AttributeValues.itemSize(newImage))
                + (oldImage == null ? 0 : AttributeValues.itemSize(oldImage));
        String eventId = UUID.randomUUID().toString().replace("-", "");
        StreamRecord record = new StreamRecord(0, eventId, eventName, now, bytes(keys), bytes(newImage), bytes(oldImage), size,
                byTimeToLive);
        if (append(record, now) % 1024 == 0) {
            trim(now);
        }
    }

    /** Appends to the open shard, rolling it over first when due; returns the shard's record count, or -1 if dropped. */
    int append(StreamRecord record, Instant now) {
        while (true) {
            Shard shard = current;
            shard.lock().lock();
            try {
                if (shard.isClosed()) {
                    if (!isEnabled()) {
                        return -1; // the stream was disabled meanwhile: the change is not captured
                    }
                    continue; // rolled over meanwhile: append to the child
                }
                if (isRolloverDue(shard, now)) {
                    shard.close(sequence.get(), now);
                    Shard child = new Shard(shardId(now), shard.id(), sequence.incrementAndGet(), now);
                    shards.add(child);
                    current = child;
                    continue;
                }
                shard.append(record.withSequence(sequence.incrementAndGet()));
                return shard.appended();
            } finally {
                shard.lock().unlock();
            }
        }
    }

    private boolean isRolloverDue(Shard shard, Instant now) {
        int records = settings.rolloverRecords();
        if (records > 0 && shard.appended() >= records) {
            return true;
        }
        return !settings.rolloverInterval().isZero() && !now.isBefore(shard.created().plus(settings.rolloverInterval()));
    }

    /** Disables the stream: its open shard is closed; the records stay readable until they pass the retention period. */
    void disable(Instant now) {
        Shard shard = current;
        shard.lock().lock();
        try {
            disabledAt = now;
            if (!shard.isClosed()) {
                shard.close(sequence.get(), now);
            }
        } finally {
            shard.lock().unlock();
        }
    }

    /** Trims records past retention, and closed shards that have nothing left; true when the whole stream has expired. */
    boolean trim(Instant now) {
        Instant cutoff = now.minus(settings.retention());
        synchronized (trimming) {
            for (Shard shard : shards) {
                boolean empty = shard.trim(cutoff);
                if (empty && shard.isClosed() && shard.closedAt().isBefore(cutoff)) {
                    shards.remove(shard);
                }
            }
        }
        Instant disabled = disabledAt;
        return disabled != null && disabled.isBefore(cutoff);
    }

    private static String shardId(Instant at) {
        String millis = Long.toString(at.toEpochMilli());
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
        return "shardId-" + "0".repeat(Math.max(0, 20 - millis.length())) + millis + "-" + suffix;
    }

    private static byte[] bytes(Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = StreamsApi.JSON.createGenerator(out)) {
            AttributeValues.writeItem(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
