package dev.cutover.router.internal.telemetry;

/**
 * What one request's log line says.
 *
 * @param operation operation name, or "-" when no route matched
 * @param side side that served it ("legacy", "new"), or "-" when none did
 * @param bucket canary bucket 0..9999, or -1 when not routed
 * @param secondary what the secondary did: "match", "mismatch", "written", "failed", "timeout", or null
 * @param detail for the log only: backend error code, missing permission
 */
public record RequestRecord(String requestId, String operation, String side, int bucket, long latencyMs, int status, String outcome,
        String secondary, long flagAgeMs, String detail) {
}
