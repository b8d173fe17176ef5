package dev.cutover.migrations.internal;

import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Sees what the SDK's retries hide: attached to each request, it receives the call's metrics once the
 * call is over (all attempts), counts attempts, retries and throttled attempts, and tells the
 * {@link AdaptiveRateLimiter}. This is how throttling absorbed by the SDK still slows the job down.
 */
public final class CallMetrics implements MetricPublisher {
    private static final String THROTTLING = "Throttling";

    private final AdaptiveRateLimiter limiter;
    private final AwsRequestOverrideConfiguration override;
    private final LongAdder calls = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttles = new LongAdder();

    public CallMetrics(AdaptiveRateLimiter limiter) {
        this.limiter = limiter;
        this.override = AwsRequestOverrideConfiguration.builder().addMetricPublisher(this).build();
    }

    /** The override to put on every request whose attempts should be counted. */
    public AwsRequestOverrideConfiguration override() {
        return override;
    }

    @Override
    public void publish(MetricCollection metrics) {
        int attempts = 0;
        int throttled = 0;
        for (MetricCollection attempt : metrics.children()) {
            if (!"ApiCallAttempt".equals(attempt.name())) {
                continue;
            }
            attempts++;
            if (attempt.metricValues(CoreMetric.ERROR_TYPE).stream().anyMatch(THROTTLING::equals)) {
                throttled++;
            }
        }
        attempts = Math.max(attempts, 1);
        calls.increment();
        retries.add(attempts - 1L);
        throttles.add(throttled);
        limiter.record(attempts, throttled);
    }

    public long calls() {
        return calls.sum();
    }

    /** SDK retries (attempts beyond the first), whatever their cause. */
    public long retries() {
        return retries.sum();
    }

    /** Attempts AWS answered with a throttling error. */
    public long throttles() {
        return throttles.sum();
    }

    @Override
    public void close() {
    }
}
