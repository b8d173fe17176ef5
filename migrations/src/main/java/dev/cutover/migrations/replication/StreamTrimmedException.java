package dev.cutover.migrations.replication;

import dev.cutover.migrations.MigrationException;
import java.time.Instant;

/**
 * The legacy stream no longer holds the records after the replication checkpoint (DynamoDB keeps stream records 24
 * hours), or the table's stream was replaced: changes since {@link #since()} may be missing from the target, and only a new
 * copy brings it back. Exit code 7.
 */
public class StreamTrimmedException extends MigrationException {
    private static final long serialVersionUID = 1L;

    private final Instant since;

    public StreamTrimmedException(Instant since, String detail, String checkpoint, Throwable cause) {
        super("re-copy needed since " + since + ": " + detail + ". Changes made since then may be missing from the target. Delete the "
                + "checkpoint item (" + checkpoint + ") and run migrate dynamodb --replicate again: it records a new stream position, "
                + "copies the table, then catches up", cause);
        this.since = since;
    }

    /** From when on the target may lack changes. */
    public Instant since() {
        return since;
    }
}
