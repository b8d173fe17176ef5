package dev.cutover.router.bench;

import dev.cutover.config.CutoverConfig;
import java.nio.charset.StandardCharsets;

/** What the router benchmarks share: the example configuration as shipped, adapted only to the sandbox's KMS keys. */
final class BenchSetup {
    private BenchSetup() {
    }

    /** The example configuration as shipped (its 15 s flags poll, not the tests' 1 s; it already names the sandbox's KMS keys). */
    static CutoverConfig config() {
        return CutoverConfig.example();
    }

    /** Percentile {@code p} (0..100) of sorted nanosecond samples, in microseconds. */
    static double percentileMicros(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[i] / 1000.0;
    }

    /** Median of {@code values}. */
    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** An API Gateway HTTP API payload format 2.0 event for GET /items/{id}, as API Gateway sends it (trimmed of unused fields). */
    static byte[] event(String id, String requestId) {
        return event("/items/", id, requestId);
    }

    /** The same event for {@code prefix + id}, e.g. {@code "/shadow-all/"}. */
    static byte[] event(String prefix, String id, String requestId) {
        String json = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + prefix + id + "\",\"rawQueryString\":\"\","
                + "\"headers\":{\"accept\":\"application/json\",\"host\":\"abc123.execute-api.us-east-1.amazonaws.com\","
                + "\"user-agent\":\"bench\",\"x-forwarded-proto\":\"https\"},"
                + "\"requestContext\":{\"accountId\":\"222222222222\",\"apiId\":\"abc123\","
                + "\"domainName\":\"abc123.execute-api.us-east-1.amazonaws.com\","
                + "\"http\":{\"method\":\"GET\",\"path\":\"" + prefix + id + "\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"203.0.113.7\","
                + "\"userAgent\":\"bench\"},\"requestId\":\"" + requestId + "\",\"routeKey\":\"$default\",\"stage\":\"$default\","
                + "\"time\":\"02/Dec/2026:05:00:00 +0000\",\"timeEpoch\":1796187600000},\"isBase64Encoded\":false}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
