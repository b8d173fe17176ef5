package dev.cutover.sandbox.internal.ssm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An optional per-account cap on PutParameter calls per second (a token bucket holding one second of
 * calls), so migrations can be tried against a realistic limit. Calls over the cap get ThrottlingException.
 */
final class PutParameterRateLimiter {

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    private final double perSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond calls per second per account; 0 turns the limit off */
    PutParameterRateLimiter(double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("putParameterRate must be 0 (off) or a positive number of calls per second, but was "
                    + perSecond);
        }
        this.perSecond = perSecond;
    }

    boolean isEnabled() {
        return perSecond > 0;
    }

    /** Throws ThrottlingException when {@code accountId} has used up its calls for now. */
    void acquire(String accountId) {
        if (!isEnabled()) {
            return;
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(accountId, a -> new Bucket(Math.max(1, perSecond), now));
        synchronized (bucket) {
            double capacity = Math.max(1, perSecond);
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) / 1e9 * perSecond);
            bucket.refilledAt = now;
            if (bucket.tokens < 1) {
                throw SsmErrors.throttled();
            }
            bucket.tokens -= 1;
        }
    }
}
