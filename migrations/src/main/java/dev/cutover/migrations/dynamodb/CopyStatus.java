package dev.cutover.migrations.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Where a copy stands, read from its checkpoint alone (whoever is running it, however many workers):
 * segments done, in progress and not started, items copied, the average rate and the ETA.
 *
 * @param itemsCopied items scanned and handled (written, skipped, filtered or dead-lettered) by all runs and workers
 * @param estimatedItems the job's items: extrapolated from the done segments (parallel-scan segments are about
 *     equal), else the source's DescribeTable ItemCount (updated about every six hours); empty when neither is known
 * @param itemsPerSecond itemsCopied over the time from the job's start to its last checkpoint save (pauses
 *     between bounded runs included: it is the rate the job actually makes progress at)
 * @param eta time left at that rate after the last save; empty when complete or unknown
 */
public record CopyStatus(String sourceTable, String targetTable, String checkpoint, int segments, int done, int inProgress,
        int notStarted, long itemsCopied, long written, long deadLettered, OptionalLong estimatedItems, Instant startedAt,
        Instant updatedAt, double itemsPerSecond, Duration eta) {

    public boolean isComplete() {
        return done == segments;
    }

    /** Computes a status from the per-segment state and the job's clock. */
    public static CopyStatus of(String sourceTable, String targetTable, String checkpoint, int segments, int done, int inProgress,
            long itemsCopied, long itemsInDoneSegments, long written, long deadLettered, OptionalLong sourceItemCount,
            Instant startedAt, Instant updatedAt) {
        OptionalLong estimate;
        if (done == segments) {
            estimate = OptionalLong.of(itemsCopied);
        } else if (done > 0) {
            estimate = OptionalLong.of(Math.max(itemsCopied, Math.round((double) itemsInDoneSegments / done * segments)));
        } else if (sourceItemCount.isPresent()) {
            estimate = OptionalLong.of(Math.max(itemsCopied, sourceItemCount.getAsLong()));
        } else {
            estimate = OptionalLong.empty();
        }
        double seconds = Duration.between(startedAt, updatedAt).toMillis() / 1000.0;
        double rate = seconds > 0 ? itemsCopied / seconds : 0;
        Duration eta = null;
        if (done < segments && estimate.isPresent() && rate > 0) {
            eta = Duration.ofSeconds(Math.round(Math.max(0, estimate.getAsLong() - itemsCopied) / rate));
        }
        return new CopyStatus(sourceTable, targetTable, checkpoint, segments, done, inProgress, segments - done - inProgress,
                itemsCopied, written, deadLettered, estimate, startedAt, updatedAt, rate, eta);
    }

    public String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("sourceTable", sourceTable);
        n.put("targetTable", targetTable);
        n.put("checkpoint", checkpoint);
        n.put("complete", isComplete());
        n.put("segments", segments);
        n.put("segmentsDone", done);
        n.put("segmentsInProgress", inProgress);
        n.put("segmentsNotStarted", notStarted);
        n.put("itemsCopied", itemsCopied);
        n.put("written", written);
        n.put("deadLettered", deadLettered);
        if (estimatedItems.isPresent()) {
            n.put("estimatedItems", estimatedItems.getAsLong());
        } else {
            n.putNull("estimatedItems");
        }
        n.put("startedAt", startedAt.toString());
        n.put("updatedAt", updatedAt.toString());
        n.put("itemsPerSecond", Math.round(itemsPerSecond));
        if (eta != null) {
            n.put("etaSeconds", eta.toSeconds());
        } else {
            n.putNull("etaSeconds");
        }
        return n.toPrettyString();
    }

    /** A few lines for people. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("copy ").append(sourceTable).append(" -> ").append(targetTable).append(" (checkpoint ").append(checkpoint).append(")\n");
        out.append(String.format(Locale.ROOT, "segments  %d: %d done, %d in progress, %d not started%n", segments, done, inProgress,
                notStarted));
        out.append(String.format(Locale.ROOT, "items     %d copied%s, %d dead-lettered%n", itemsCopied,
                estimatedItems.isPresent() && estimatedItems.getAsLong() > 0 ? String.format(Locale.ROOT, " of ~%d (%d%%)",
                        estimatedItems.getAsLong(), 100 * itemsCopied / estimatedItems.getAsLong()) : "", deadLettered));
        out.append(String.format(Locale.ROOT, "rate      %d items/s since %s (last save %s)%n", Math.round(itemsPerSecond), startedAt,
                updatedAt));
        out.append("eta       ").append(isComplete() ? "complete" : eta == null ? "unknown (no segment done yet and no item count)"
                : format(eta) + " after the last save").append('\n');
        return out.toString();
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
