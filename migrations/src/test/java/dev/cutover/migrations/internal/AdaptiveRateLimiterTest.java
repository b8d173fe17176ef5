package dev.cutover.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The AIMD adaptation, on a fake clock: every number here is deterministic. */
class AdaptiveRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    /** A clock that only moves when the limiter (or the test) sleeps. */
    private static final class FakeTicker implements Ticker {
        long now = 1_000 * SECOND;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            if (nanos > 0) {
                now += nanos;
            }
        }
    }

    @Test
    void rate_whenAWindowIsFullyThrottled_halves() {
        FakeTicker clock = new FakeTicker();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(40, 1, clock);

        limiter.record(10, 10);
        clock.sleepNanos(SECOND);

        assertThat(limiter.rate()).isEqualTo(20.0);
        assertThat(limiter.decreases()).isEqualTo(1);
    }

    @Test
    void rate_whenAFewAttemptsAreThrottled_shrinksByHalfTheThrottledFraction() {
        FakeTicker clock = new FakeTicker();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(40, 1, clock);

        limiter.record(20, 1); // 5% throttled: -2.5%
        clock.sleepNanos(SECOND);

        assertThat(limiter.rate()).isEqualTo(39.0);
    }

    @Test
    void rate_afterThrottling_creepsBackUpByAStepPerQuietWindow_andNeverAboveTheCap() {
        FakeTicker clock = new FakeTicker();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(40, 1, clock);
        limiter.record(1, 1);
        clock.sleepNanos(SECOND);
        assertThat(limiter.rate()).isEqualTo(20.0);

        // each quiet window adds 5% of the cap (2/s)
        for (int window = 1; window <= 10; window++) {
            limiter.record(1, 0);
            clock.sleepNanos(SECOND);
            assertThat(limiter.rate()).isEqualTo(Math.min(40.0, 20.0 + 2.0 * window));
        }
        // and then stays at the cap however long it stays quiet
        for (int window = 0; window < 50; window++) {
            limiter.record(5, 0);
            clock.sleepNanos(SECOND);
            assertThat(limiter.rate()).isEqualTo(40.0);
        }
    }

    @Test
    void rate_underConstantThrottling_neverDropsBelowTheFloor() {
        FakeTicker clock = new FakeTicker();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(40, 0.5, clock);

        for (int window = 0; window < 30; window++) {
            limiter.recordThrottle();
            clock.sleepNanos(SECOND);
            assertThat(limiter.rate()).isGreaterThanOrEqualTo(0.5);
        }
        assertThat(limiter.rate()).isEqualTo(0.5);
    }

    @Test
    void rate_whenWindowsHaveNoCalls_staysWhereItIs() {
        FakeTicker clock = new FakeTicker();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(40, 1, 10, clock);

        clock.sleepNanos(5 * SECOND);

        assertThat(limiter.rate()).isEqualTo(10.0);
    }

    @Test
    void acquire_paces_permitsAtTheCurrentRate() throws Exception {
        FakeTicker clock = new FakeTicker();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(10, 1, clock);
        long start = clock.now;

        for (int i = 0; i < 101; i++) {
            limiter.acquire(1);
        }

        // 101 permits at 10/s: the first is free (and a 100 ms burst), the other 100 take about 10 s
        double seconds = (clock.now - start) / 1e9;
        assertThat(seconds).isBetween(9.8, 10.0);
    }

    @Test
    void constructor_refusesAFloorAboveTheCap() {
        assertThatThrownBy(() -> new AdaptiveRateLimiter(3, 5, new FakeTicker())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minRate").hasMessageContaining("5.0");
    }

    /**
     * The SSM copier's loop against a PutParameter quota of 3/s (a token bucket of 3), on a fake clock: each write waits
     * for the limiter; a throttled attempt is reported twice, as the copier does (the call's metrics and the Retry's
     * event), backs off 250 ms doubling to 10 s, and is tried again. Starting at 5/s under a 40/s ceiling, the limiter
     * finds the quota: over the last 100 s it achieves close to 3 writes/s, and its final rate is near 3/s, never above
     * the ceiling nor below the floor.
     */
    @Test
    void rate_underA3PerSecondQuota_convergesNear3PerSecond() throws Exception {
        FakeTicker clock = new FakeTicker();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(40, 0.5, 5, clock);
        double quota = 3;
        double tokens = quota;
        long lastRefill = clock.now;
        long start = clock.now;
        long tailStart = start + 200 * SECOND;
        long tailWrites = 0;
        long throttles = 0;
        double minSeen = Double.MAX_VALUE;
        double maxSeen = 0;
        for (int write = 0; clock.now < start + 300 * SECOND; write++) {
            for (int attempt = 1; ; attempt++) {
                limiter.acquire(1);
                tokens = Math.min(quota, tokens + (clock.now - lastRefill) / 1e9 * quota);
                lastRefill = clock.now;
                boolean throttled = tokens < 1;
                if (!throttled) {
                    tokens -= 1;
                    limiter.record(1, 0);
                    if (clock.now >= tailStart) {
                        tailWrites++;
                    }
                    break;
                }
                throttles++;
                limiter.record(1, 1);
                limiter.recordThrottle();
                clock.sleepNanos(Math.min(10 * SECOND, (SECOND / 4) << Math.min(attempt - 1, 10)));
            }
            double rate = limiter.rate();
            minSeen = Math.min(minSeen, rate);
            maxSeen = Math.max(maxSeen, rate);
        }

        double tailRate = tailWrites / ((clock.now - tailStart) / 1e9);
        assertThat(throttles).as("the quota was met").isPositive();
        assertThat(tailRate).as("writes per second over the last 100 s").isBetween(2.4, 3.0 + 0.05);
        assertThat(limiter.rate()).as("final rate").isBetween(1.0, 6.0);
        assertThat(minSeen).isGreaterThanOrEqualTo(0.5);
        assertThat(maxSeen).isLessThanOrEqualTo(40.0);
    }
}
