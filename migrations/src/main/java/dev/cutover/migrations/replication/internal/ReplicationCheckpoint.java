package dev.cutover.migrations.replication.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a replication job stands: per shard of the source stream, the last SequenceNumber applied (or, for a position
 * recorded before a copy, read past) and whether the shard is done; plus what the status command shows. Mutable, owned by
 * the one thread of the replicator; saved as JSON in one checkpoint-table item.
 */
public final class ReplicationCheckpoint {
    /** One shard: its parent, the last sequence number applied ({@code null}: none yet, start at its first record), done. */
    public static final class ShardState {
        final String parentId;
        String lastSequence;
        boolean done;

        ShardState(String parentId, String lastSequence, boolean done) {
            this.parentId = parentId;
            this.lastSequence = lastSequence;
            this.done = done;
        }

        public String parentId() {
            return parentId;
        }

        public String lastSequence() {
            return lastSequence;
        }

        public boolean isDone() {
            return done;
        }
    }

    private final String streamArn;
    private final Instant positionRecordedAt;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private long appliedRecords;
    private String lastAppliedShard;
    private String lastAppliedSequence;
    private Instant newestRecordTime;
    private long lagMillis;
    private boolean caughtUp;
    private Instant updatedAt;

    public ReplicationCheckpoint(String streamArn, Instant positionRecordedAt) {
        this.streamArn = streamArn;
        this.positionRecordedAt = positionRecordedAt;
        this.updatedAt = positionRecordedAt;
    }

    public String streamArn() {
        return streamArn;
    }

    public Instant positionRecordedAt() {
        return positionRecordedAt;
    }

    public Map<String, ShardState> shards() {
        return shards;
    }

    public ShardState shard(String id) {
        return shards.get(id);
    }

    public void addShard(String id, String parentId, String lastSequence, boolean done) {
        shards.put(id, new ShardState(parentId, lastSequence, done));
    }

    public void markDone(String id) {
        shards.get(id).done = true;
    }

    /** Records that the changes of {@code shard} up to {@code sequence} (created at {@code created}) are in the target. */
    public void applied(String shard, String sequence, Instant created, int records, Instant now) {
        shards.get(shard).lastSequence = sequence;
        appliedRecords += records;
        lastAppliedShard = shard;
        lastAppliedSequence = sequence;
        if (newestRecordTime == null || created.isAfter(newestRecordTime)) {
            newestRecordTime = created;
        }
        lagMillis = Math.max(0, now.toEpochMilli() - created.toEpochMilli());
        caughtUp = false;
        updatedAt = now;
    }

    /**
     * Records a batch applied by a replicator that keeps its own position (the Lambda handler: the event source mapping
     * holds it): the counters, the lag and the time move, the shard positions stay as they are.
     */
    public void appliedElsewhere(String sequence, Instant created, int records, Instant now) {
        appliedRecords += records;
        lastAppliedSequence = sequence;
        if (newestRecordTime == null || created.isAfter(newestRecordTime)) {
            newestRecordTime = created;
        }
        lagMillis = Math.max(0, now.toEpochMilli() - created.toEpochMilli());
        caughtUp = false;
        updatedAt = now;
    }

    /** Every open shard was read to its current end: nothing is waiting, the lag is zero. */
    public void caughtUp(Instant now) {
        caughtUp = true;
        lagMillis = 0;
        updatedAt = now;
    }

    public void touch(Instant now) {
        updatedAt = now;
    }

    public long appliedRecords() {
        return appliedRecords;
    }

    public String lastAppliedShard() {
        return lastAppliedShard;
    }

    public String lastAppliedSequence() {
        return lastAppliedSequence;
    }

    /** The creation time of the newest record applied, or {@code null} before the first. */
    public Instant newestRecordTime() {
        return newestRecordTime;
    }

    public long lagMillis() {
        return lagMillis;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** From when on the target may lack changes if the stream lost records: the newest applied record, else the position. */
    public Instant safeSince() {
        return newestRecordTime != null ? newestRecordTime : positionRecordedAt;
    }

    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", 1);
        root.put("streamArn", streamArn);
        root.put("positionRecordedAt", positionRecordedAt.toString());
        ObjectNode s = root.putObject("shards");
        shards.forEach((id, st) -> {
            ObjectNode n = s.putObject(id);
            n.put("parent", st.parentId);
            n.put("lastSequence", st.lastSequence);
            n.put("done", st.done);
        });
        root.put("appliedRecords", appliedRecords);
        root.put("lastAppliedShard", lastAppliedShard);
        root.put("lastAppliedSequence", lastAppliedSequence);
        root.put("newestRecordTime", newestRecordTime == null ? null : newestRecordTime.toString());
        root.put("lagMillis", lagMillis);
        root.put("caughtUp", caughtUp);
        root.put("updatedAt", updatedAt.toString());
        return root.toString();
    }

    /** Parses what {@link #toJson()} wrote; IllegalArgumentException when it is not that. */
    public static ReplicationCheckpoint fromJson(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || root.path("format").asInt() != 1) {
                throw new IllegalArgumentException("not a format-1 replication checkpoint");
            }
            ReplicationCheckpoint c = new ReplicationCheckpoint(text(root, "streamArn"), Instant.parse(text(root, "positionRecordedAt")));
            root.path("shards").fields().forEachRemaining(e -> c.addShard(e.getKey(), textOrNull(e.getValue(), "parent"),
                    textOrNull(e.getValue(), "lastSequence"), e.getValue().path("done").asBoolean()));
            c.appliedRecords = root.path("appliedRecords").asLong();
            c.lastAppliedShard = textOrNull(root, "lastAppliedShard");
            c.lastAppliedSequence = textOrNull(root, "lastAppliedSequence");
            String newest = textOrNull(root, "newestRecordTime");
            c.newestRecordTime = newest == null ? null : Instant.parse(newest);
            c.lagMillis = root.path("lagMillis").asLong();
            c.caughtUp = root.path("caughtUp").asBoolean();
            c.updatedAt = Instant.parse(text(root, "updatedAt"));
            return c;
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        String v = textOrNull(node, field);
        if (v == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
