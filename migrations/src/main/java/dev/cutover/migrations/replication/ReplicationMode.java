package dev.cutover.migrations.replication;

/** How long {@code replicate dynamodb} runs. */
public enum ReplicationMode {
    /** Until stopped: polls the open shards, applies what arrives. */
    FOLLOW,
    /** Until every open shard has been read to its current end and every closed shard to its last record; then exit 0. */
    UNTIL_CAUGHT_UP
}
