package dev.cutover.dynamodb.internal.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One shard of a stream: its records by sequence number. Appends happen under the shard's own lock (held only for the
 * append, never across a table write's work), so writes to different items of a table serialise only here; reads and
 * trimming take no lock.
 */
final class Shard {

    private final String id;
    private final String parentId;
    private final long startingSequence;
    private final Instant created;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, StreamRecord> records = new ConcurrentSkipListMap<>();
    private int appended;
    private volatile long endingSequence = -1;
    private volatile Instant closedAt;
    /** The highest sequence number trimmed away, 0 when nothing has been. */
    private volatile long trimmedThrough;

    Shard(String id, String parentId, long startingSequence, Instant created) {
        this.id = id;
        this.parentId = parentId;
        this.startingSequence = startingSequence;
        this.created = created;
    }

    String id() {
        return id;
    }

    String parentId() {
        return parentId;
    }

    long startingSequence() {
        return startingSequence;
    }

    Instant created() {
        return created;
    }

    ReentrantLock lock() {
        return lock;
    }

    boolean isClosed() {
        return endingSequence >= 0;
    }

    /** The last sequence number the shard may hold, or -1 while it is open. */
    long endingSequence() {
        return endingSequence;
    }

    Instant closedAt() {
        return closedAt;
    }

    long trimmedThrough() {
        return trimmedThrough;
    }

    /** Records appended so far (including trimmed ones); read and written under {@link #lock()}. */
    int appended() {
        return appended;
    }

    /** Appends under {@link #lock()}, which the caller holds. */
    void append(StreamRecord record) {
        records.put(record.sequence(), record);
        appended++;
    }

    /** Closes the shard at {@code ending} (the last sequence number issued); the caller holds {@link #lock()}. */
    void close(long ending, Instant at) {
        closedAt = at;
        endingSequence = Math.max(ending, startingSequence);
    }

    /** Up to {@code limit} records at or after {@code position}. */
    List<StreamRecord> read(long position, int limit) {
        List<StreamRecord> result = new ArrayList<>(Math.min(limit, 64));
        for (StreamRecord r : records.tailMap(position, true).values()) {
            if (result.size() == limit) {
                break;
            }
            result.add(r);
        }
        return result;
    }

    boolean hasRecordsFrom(long position) {
        return records.ceilingKey(position) != null;
    }

    /** Drops the records created before {@code cutoff}; returns true when none is left. */
    boolean trim(Instant cutoff) {
        for (Map.Entry<Long, StreamRecord> head = records.firstEntry(); head != null; head = records.firstEntry()) {
            if (!head.getValue().created().isBefore(cutoff)) {
                return false;
            }
            // published before the removal, so a reader that misses the record sees that it was trimmed
            trimmedThrough = Math.max(trimmedThrough, head.getKey());
            records.remove(head.getKey());
        }
        return true;
    }
}
