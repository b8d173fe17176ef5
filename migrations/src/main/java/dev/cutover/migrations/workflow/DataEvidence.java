package dev.cutover.migrations.workflow;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.state.CutoverState;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the flags guard knows about the data when it judges a flag change: which tables and parameter trees were verified
 * equal (the one {@link CutoverState}), and how far replication of each logical table stands (its checkpoint item in the
 * new account's checkpoint table, {@link ReplicationStatus}).
 *
 * @param verified logical names of tables and parameter trees verified equal
 * @param replication per logical table name, the replication job's status; absent when no job has a checkpoint
 * @param maxReplicationLag the most a table may lag behind legacy before reads of it may move to new
 * @param now the moment the guard judges at
 */
public record DataEvidence(Set<String> verified, Map<String, ReplicationStatus> replication, Duration maxReplicationLag, Instant now) {
    /** The lag the guard allows when none is configured. */
    public static final Duration DEFAULT_MAX_REPLICATION_LAG = Duration.ofSeconds(5);

    public DataEvidence {
        verified = Set.copyOf(verified);
        replication = Map.copyOf(replication);
        if (maxReplicationLag == null || maxReplicationLag.isNegative()) {
            throw new IllegalArgumentException("maxReplicationLag must be zero or more, but was " + maxReplicationLag);
        }
    }

    /** Only verifications, no replication anywhere (for tests and for configurations without DynamoDB tables). */
    public static DataEvidence verifiedOnly(Set<String> verified) {
        return new DataEvidence(verified, Map.of(), DEFAULT_MAX_REPLICATION_LAG, Instant.now());
    }

    /**
     * Reads the evidence for every logical table of {@code config}: verifications from {@code state}, replication status
     * from {@code checkpointTable} through {@code newAccount} (the new account's DynamoDB client).
     */
    public static DataEvidence gather(CutoverConfig config, CutoverState state, DynamoDbClient newAccount, String checkpointTable,
            Duration maxReplicationLag) {
        Map<String, ReplicationStatus> replication = new LinkedHashMap<>();
        for (String logical : config.resources(Side.LEGACY).tables().keySet()) {
            String legacyName = config.resources(Side.LEGACY).table(logical).name();
            String newName = config.resources(Side.NEW).table(logical).name();
            DynamoDbStreamReplicator.status(newAccount, checkpointTable, legacyName, newName)
                    .ifPresent(status -> replication.put(logical, status));
        }
        return new DataEvidence(state.verified(), replication, maxReplicationLag, Instant.now());
    }

    /**
     * The most {@code logicalTable} in new can lag behind legacy now, from its checkpoint: the lag the replicator recorded
     * plus the time since it recorded it (a replicator that stopped stops catching up); empty without replication.
     */
    public Optional<Duration> replicationLag(String logicalTable) {
        ReplicationStatus status = replication.get(logicalTable);
        if (status == null) {
            return Optional.empty();
        }
        Duration sinceSaved = Duration.between(status.updatedAt(), now);
        return Optional.of(Duration.ofMillis(status.lagMillis()).plus(sinceSaved.isNegative() ? Duration.ZERO : sinceSaved));
    }
}
