package dev.cutover.migrations.replication.internal;

import java.util.OptionalInt;

/**
 * What applying a list of changes did.
 *
 * @param puts items written
 * @param deletes items deleted (REMOVE records, and new images the transform filters out)
 * @param unprocessedRetries rounds of UnprocessedItems re-sent
 * @param firstFailed the index of the first change whose write failed (it and every later change must be applied again),
 *     empty when all were applied
 * @param failure why, when one failed
 */
public record ApplyResult(long puts, long deletes, long unprocessedRetries, OptionalInt firstFailed, String failure) {

    public boolean isComplete() {
        return firstFailed.isEmpty();
    }
}
