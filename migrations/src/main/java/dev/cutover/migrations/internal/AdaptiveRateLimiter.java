package dev.cutover.migrations.internal;

/**
 * A token bucket whose rate adapts to throttling, AIMD style, shared by every worker of a job.
 *
 * <p>Work is paced in permits (items, WCU, or calls). Each completed AWS call reports how many HTTP
 * attempts it took and how many of them were throttled (the SDK's standard retry mode absorbs those;
 * see {@link CallMetrics}). Once per window (1 s by default):
 * <ul>
 *   <li>a window with throttled attempts multiplies the rate by {@code 1 - f/2}, {@code f} being the
 *       throttled fraction of attempts: a fully throttled window halves the rate (classic AIMD), a
 *       window where one attempt in twenty was throttled trims it by 2.5%. Scaling by the fraction
 *       (as DCTCP does) keeps a few sporadic throttles, already absorbed by the SDK, from collapsing
 *       the rate to its floor;</li>
 *   <li>a window without throttles adds a fixed step (5% of the cap, or of the rate first throttled
 *       at when there is no cap): the rate creeps back up, never above the cap.</li>
 * </ul>
 * Without a cap the limiter does not pace at all until the first throttle; it then starts from
 * what the job was actually achieving.
 */
public final class AdaptiveRateLimiter {
    private static final double INCREASE_FRACTION = 0.05;

    private final Ticker ticker;
    private final double maxRate;
    private final double minRate;
    private final long windowNanos;
    private final long burstNanos;

    private double rate;
    private double step;
    private double nextFree;
    private long windowStart;
    private long windowPermits;
    private long windowAttempts;
    private long windowThrottled;
    private long decreases;

    /**
     * @param maxRate permits per second never exceeded; {@code Double.POSITIVE_INFINITY} for no cap
     * @param minRate floor the rate never drops below (> 0)
     */
    public AdaptiveRateLimiter(double maxRate, double minRate, Ticker ticker) {
        this(maxRate, minRate, maxRate, ticker);
    }

    /** Like {@link #AdaptiveRateLimiter(double, double, Ticker)}, starting at {@code initialRate} rather than at the cap. */
    public AdaptiveRateLimiter(double maxRate, double minRate, double initialRate, Ticker ticker) {
        if (!(maxRate > 0)) {
            throw new IllegalArgumentException("maxRate must be positive, but was " + maxRate);
        }
        if (!(minRate > 0) || minRate > maxRate) {
            throw new IllegalArgumentException("minRate must be positive and at most maxRate, but was " + minRate);
        }
        this.ticker = ticker;
        this.maxRate = maxRate;
        this.minRate = minRate;
        this.windowNanos = 1_000_000_000L;
        this.burstNanos = 100_000_000L;
        if (!(initialRate >= minRate) || initialRate > maxRate) {
            throw new IllegalArgumentException("initialRate must be between minRate and maxRate, but was " + initialRate);
        }
        this.rate = initialRate;
        this.step = Double.isInfinite(maxRate) ? 0 : Math.max(minRate, maxRate * INCREASE_FRACTION);
        long now = ticker.nanoTime();
        this.windowStart = now;
        this.nextFree = now;
    }

    public static AdaptiveRateLimiter unlimited() {
        return new AdaptiveRateLimiter(Double.POSITIVE_INFINITY, 1, Ticker.SYSTEM);
    }

    /** Blocks until {@code permits} may be spent. */
    public void acquire(int permits) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = ticker.nanoTime();
            roll(now);
            windowPermits += permits;
            if (Double.isInfinite(rate)) {
                return;
            }
            double start = Math.max(nextFree, now - (double) burstNanos);
            nextFree = start + permits * 1e9 / rate;
            wait = (long) (start - now);
        }
        ticker.sleepNanos(wait);
    }

    /** Reports one finished call: how many HTTP attempts it made, and how many of those were throttled. */
    public synchronized void record(int attempts, int throttledAttempts) {
        roll(ticker.nanoTime());
        windowAttempts += attempts;
        windowThrottled += throttledAttempts;
    }

    /** Reports one more throttled attempt, e.g. each retry event of the SSM copier's throttled-writes Retry. */
    public synchronized void recordThrottle() {
        roll(ticker.nanoTime());
        windowAttempts += 1;
        windowThrottled += 1;
    }

    /** The current rate in permits per second; infinite while unpaced. */
    public synchronized double rate() {
        roll(ticker.nanoTime());
        return rate;
    }

    public synchronized long decreases() {
        return decreases;
    }

    private void roll(long now) {
        long elapsed = now - windowStart;
        if (elapsed < windowNanos) {
            return;
        }
        if (windowThrottled > 0) {
            double fraction = Math.min(1.0, (double) windowThrottled / Math.max(1, windowAttempts));
            double base = rate;
            if (Double.isInfinite(base)) {
                double achieved = windowPermits * 1e9 / elapsed;
                base = Math.max(minRate, achieved);
                step = Math.max(minRate, base * INCREASE_FRACTION);
            }
            rate = Math.max(minRate, base * (1 - fraction / 2));
            decreases++;
        } else if (windowAttempts > 0 && !Double.isInfinite(rate)) {
            rate = Math.min(maxRate, rate + step);
        }
        windowStart = now;
        windowPermits = 0;
        windowAttempts = 0;
        windowThrottled = 0;
    }
}
