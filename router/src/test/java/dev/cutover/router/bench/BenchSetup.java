package dev.cutover.router.bench;

import dev.cutover.config.CutoverConfig;

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
}
