package dev.cutover.migrations.dynamodb.internal;

import java.util.Optional;

/** Where a copy keeps its {@link Checkpoint}: a local file by default, a DynamoDB table optionally. */
public interface CheckpointStore {

    /** The saved checkpoint, if any. Throws CheckpointException when one exists but cannot be used. */
    Optional<Checkpoint> load();

    /**
     * Saves a new job's first checkpoint; false when another run created the job meanwhile (load again
     * and resume theirs). Only a store shared by workers can lose that race.
     */
    default boolean create(Checkpoint checkpoint) {
        save(checkpoint);
        return true;
    }

    /** Saves durably: when this returns, a crash of the process or the machine keeps it. */
    void save(Checkpoint checkpoint);

    /** Where, for messages: a path or "dynamodb table T, job J". */
    String describe();
}
