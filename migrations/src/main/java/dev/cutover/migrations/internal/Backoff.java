package dev.cutover.migrations.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, base * 2^n)).
 * Used only where the SDK cannot retry: a partial success (DynamoDB's UnprocessedItems) or, for
 * SSM PutParameter, a throttled write (which the SDK leaves to the caller).
 */
public record Backoff(Duration base, Duration max) {
    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, but was base=" + base + " max=" + max);
        }
    }

    /** The ceiling of the wait before attempt {@code attempt} (1 = first retry). */
    public long ceilingNanos(int attempt) {
        long baseNanos = base.toNanos();
        int shift = Math.min(Math.max(0, attempt - 1), 30);
        long ceiling = baseNanos << shift;
        if (ceiling <= 0 || ceiling > max.toNanos()) {
            ceiling = max.toNanos();
        }
        return ceiling;
    }

    public long delayNanos(int attempt) {
        return ThreadLocalRandom.current().nextLong(ceilingNanos(attempt) + 1);
    }
}
