package dev.cutover.migrations.replication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What one run of the replicator did.
 *
 * @param records stream records applied by this run
 * @param puts items written
 * @param deletes items deleted
 * @param shardsCompleted closed shards read to their end by this run
 * @param caughtUp every shard was read to its current end when the run stopped
 * @param lagMillis now minus the creation time of the newest applied record (0 when caught up)
 * @param lastAppliedSequence the checkpoint's last applied sequence number, if any
 */
public record ReplicationReport(String sourceTable, String targetTable, String checkpoint, long records, long puts, long deletes,
        long unprocessedRetries, int shardsCompleted, boolean caughtUp, long lagMillis, String lastAppliedSequence, Instant finishedAt) {

    public String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("status", caughtUp ? "caught-up" : "stopped");
        n.put("sourceTable", sourceTable);
        n.put("targetTable", targetTable);
        n.put("checkpoint", checkpoint);
        n.put("records", records);
        n.put("puts", puts);
        n.put("deletes", deletes);
        n.put("unprocessedRetries", unprocessedRetries);
        n.put("shardsCompleted", shardsCompleted);
        n.put("lagMillis", lagMillis);
        n.put("lastAppliedSequence", lastAppliedSequence);
        n.put("finishedAt", finishedAt.toString());
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
