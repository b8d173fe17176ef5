package dev.cutover.migrations.workflow;

import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.replication.ReplicationReport;
import java.time.Instant;
import java.util.Optional;

/**
 * Runbook step 2b as one call, for {@code migrate dynamodb --replicate} and the demo alike: record the stream position,
 * copy, then apply the stream from that position until caught up. The position comes first, so every change the copy may
 * have missed is replayed over it.
 *
 * @param positionRecordedAt when the kept or recorded position was taken
 * @param copy the copy's report
 * @param catchUp the catch-up's report; empty when the copy did not finish (dead letters, or stopped with segments left):
 *     the recorded position waits for the rerun that finishes it
 */
public record ReplicatedCopy(Instant positionRecordedAt, CopyReport copy, Optional<ReplicationReport> catchUp) {

    /** Runs the three steps; {@code replication} must be in mode UNTIL_CAUGHT_UP (follow afterwards with another call). */
    public static ReplicatedCopy run(DynamoDbStreamReplicator replicator, DynamoDbTableCopier copier, DynamoDbCopyOptions copy,
            ReplicationOptions replication) {
        if (replication.mode() != ReplicationMode.UNTIL_CAUGHT_UP) {
            throw new IllegalArgumentException("the catch-up after a copy runs until caught up, but the replication options say "
                    + replication.mode() + ": start a follower after it returns");
        }
        Instant position = replicator.recordPosition(replication);
        CopyReport copied = copier.copy(copy);
        if (copied.hasDeadLetters() || copied.hasMoreToDo()) {
            return new ReplicatedCopy(position, copied, Optional.empty());
        }
        return new ReplicatedCopy(position, copied, Optional.of(replicator.replicate(replication)));
    }
}
