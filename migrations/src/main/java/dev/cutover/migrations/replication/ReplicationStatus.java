package dev.cutover.migrations.replication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.time.Instant;

/**
 * A replication job as its checkpoint item shows it ({@code replicate status}).
 *
 * @param lastAppliedSequence the last SequenceNumber applied, {@code null} before the first
 * @param lastAppliedShard the shard it belongs to
 * @param openShards shards not yet read to their end
 * @param newestRecordTime creation time of the newest applied record
 * @param lagMillis the lag the replicator last recorded (0 when it was caught up)
 * @param updatedAt when the replicator last saved the checkpoint
 */
public record ReplicationStatus(String job, String streamArn, Instant positionRecordedAt, long appliedRecords, String lastAppliedSequence,
        String lastAppliedShard, int openShards, Instant newestRecordTime, long lagMillis, boolean caughtUp, Instant updatedAt) {

    /** One JSON line. */
    public String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("job", job);
        n.put("streamArn", streamArn);
        n.put("positionRecordedAt", positionRecordedAt.toString());
        n.put("appliedRecords", appliedRecords);
        n.put("lastAppliedSequence", lastAppliedSequence);
        n.put("lastAppliedShard", lastAppliedShard);
        n.put("openShards", openShards);
        n.put("newestRecordTime", newestRecordTime == null ? null : newestRecordTime.toString());
        n.put("lagMillis", lagMillis);
        n.put("caughtUp", caughtUp);
        n.put("updatedAt", updatedAt.toString());
        return n.toString();
    }
}
