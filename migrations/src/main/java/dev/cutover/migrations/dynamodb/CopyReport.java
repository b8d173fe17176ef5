package dev.cutover.migrations.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The outcome of a copy, written as JSON at the end (--report). Counts cover the whole job across
 * resumed runs (they come from the checkpoint); retries, throttles and the duration are this run's.
 *
 * @param status "completed", "completed-with-dead-letters", "already-complete" or "more-to-do" (stopped at
 *     --stop-after with segments left: run the same command again)
 * @param scanned items read from the source
 * @param written items written to the target
 * @param skipped items a conditional mode left alone because the target had them (or a newer version)
 * @param filtered items the transform left out
 * @param deadLettered items that could not be written, listed in {@code deadLetterFile}
 * @param unprocessedRetries rounds of UnprocessedItems re-sent by the copy's backoff loop
 * @param sdkRetries attempts the SDK retried (throttling, 5xx, timeouts) in this run
 * @param readThrottles throttled attempts on the source in this run
 * @param writeThrottles throttled attempts on the target in this run
 * @param workers how many workers share the job (null: this run did the whole table)
 * @param workerIndex which worker this run was (0 without workers)
 * @param workerSegments the segments this run is responsible for (all without workers); counts cover them only
 */
public record CopyReport(
        String status,
        String sourceTable,
        String targetTable,
        WriteMode mode,
        int segments,
        boolean resumed,
        long scanned,
        long written,
        long skipped,
        long filtered,
        long deadLettered,
        long unprocessedRetries,
        long sdkRetries,
        long readThrottles,
        long writeThrottles,
        Duration duration,
        long thisRunItems,
        Path deadLetterFile,
        String checkpoint,
        Integer workers,
        int workerIndex,
        int workerSegments) {

    public static final String MORE_TO_DO = "more-to-do";

    /** Stopped at --stop-after (or a Lambda's deadline) with segments left: run the same command again. */
    public boolean hasMoreToDo() {
        return MORE_TO_DO.equals(status);
    }

    public boolean hasDeadLetters() {
        return deadLettered > 0;
    }

    /** Items scanned per second in this run. */
    public double itemsPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds > 0 ? thisRunItems / seconds : 0;
    }

    public String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("status", status);
        n.put("sourceTable", sourceTable);
        n.put("targetTable", targetTable);
        n.put("mode", mode.id());
        n.put("segments", segments);
        n.put("resumed", resumed);
        n.put("moreToDo", hasMoreToDo());
        if (workers != null) {
            n.put("workers", workers);
            n.put("workerIndex", workerIndex);
            n.put("workerSegments", workerSegments);
        }
        n.put("scanned", scanned);
        n.put("written", written);
        n.put("skipped", skipped);
        n.put("filtered", filtered);
        n.put("deadLettered", deadLettered);
        n.put("deadLetterFile", deadLettered > 0 ? deadLetterFile.toString() : null);
        n.put("unprocessedRetries", unprocessedRetries);
        n.put("sdkRetries", sdkRetries);
        n.put("readThrottles", readThrottles);
        n.put("writeThrottles", writeThrottles);
        n.put("durationMillis", duration.toMillis());
        n.put("thisRunItems", thisRunItems);
        n.put("itemsPerSecond", Math.round(itemsPerSecond()));
        n.put("checkpoint", checkpoint);
        return n.toPrettyString();
    }
}
