package dev.cutover.migrations.ssm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.time.Duration;

/**
 * What {@code apply} did (no values, ever).
 *
 * @param throttles PutParameter/AddTagsToResource attempts SSM throttled, from the events of the Retry
 *     {@value dev.cutover.migrations.internal.RetryPolicies#SSM_THROTTLED_WRITES} (retried, or the last one of a write
 *     that ran out of retries)
 * @param sdkRetries PutParameter/AddTagsToResource attempts the SDK retried (5xx, timeouts, I/O errors; never throttling)
 * @param throttleRetries throttled attempts the Retry retried after a backoff (its retry events)
 * @param throttleWaitMillis time the Retry waited before those retries, summed from its retry events
 * @param failed parameters that could not be written (their names are in the log)
 */
public record SsmApplyReport(String sourcePath, String targetPath, long created, long updated, long unchanged, long skipped, long failed,
        long throttles, long sdkRetries, long throttleRetries, long throttleWaitMillis, double finalPutRate, Duration duration) {

    public String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("sourcePath", sourcePath);
        n.put("targetPath", targetPath);
        n.put("created", created);
        n.put("updated", updated);
        n.put("unchanged", unchanged);
        n.put("skipped", skipped);
        n.put("failed", failed);
        n.put("throttles", throttles);
        n.put("sdkRetries", sdkRetries);
        n.put("throttleRetries", throttleRetries);
        n.put("throttleWaitMillis", throttleWaitMillis);
        n.put("finalPutRatePerSecond", Double.isInfinite(finalPutRate) ? -1 : Math.round(finalPutRate * 10) / 10.0);
        n.put("durationMillis", duration.toMillis());
        return n.toPrettyString();
    }
}
