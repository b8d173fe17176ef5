package dev.cutover.config.flags;

import dev.cutover.config.ConfigException;
import dev.cutover.config.Side;

/**
 * How one operation is routed. {@code target} is the primary side; while it is legacy,
 * {@code canaryPercent} of the routing keys (by a stable hash) go to new instead. {@code shadow}
 * (reads) also calls the other side and compares; {@code dualWrite} (writes) also sends to the other
 * side with the same idempotency key. {@code shadowPercent} is the share of requests (by a stable hash of the
 * request id) that a shadow read samples; 100 (every request) unless the flag says otherwise.
 */
public record OperationFlag(Side target, double canaryPercent, boolean shadow, boolean dualWrite, double shadowPercent) {
    /** Canary buckets: a routing key hashes to one of 10,000 buckets, so percents have two decimals. */
    public static final int BUCKETS = 10_000;

    public static final OperationFlag LEGACY = new OperationFlag(Side.LEGACY, 0, false, false);

    public OperationFlag {
        if (target == null) {
            throw new ConfigException("flag target must be 'legacy' or 'new'");
        }
        if (Double.isNaN(canaryPercent) || canaryPercent < 0 || canaryPercent > 100) {
            throw new ConfigException("flag canaryPercent must be between 0 and 100, but was " + canaryPercent);
        }
        if (Double.isNaN(shadowPercent) || shadowPercent < 0 || shadowPercent > 100) {
            throw new ConfigException("flag shadowPercent must be between 0 and 100, but was " + shadowPercent);
        }
    }

    /** A flag whose shadow (when on) samples every request. */
    public OperationFlag(Side target, double canaryPercent, boolean shadow, boolean dualWrite) {
        this(target, canaryPercent, shadow, dualWrite, 100);
    }

    /** This flag with the shadow sampling {@code percent} (0 to 100). */
    public OperationFlag withShadowPercent(double percent) {
        return new OperationFlag(target, canaryPercent, shadow, dualWrite, percent);
    }

    /**
     * Whether a shadow read samples the request whose sampling hash falls in {@code bucket} (0 to {@link #BUCKETS} - 1):
     * the shadow is on and the bucket is below {@code shadowPercent}.
     */
    public boolean shadowSamples(int bucket) {
        return shadow && bucket < shadowPercent * (BUCKETS / 100);
    }

    /** The primary side for a routing key in {@code bucket} (0 to {@link #BUCKETS} - 1). */
    public Side sideFor(int bucket) {
        if (target == Side.NEW) {
            return Side.NEW;
        }
        return bucket < canaryPercent * (BUCKETS / 100) ? Side.NEW : Side.LEGACY;
    }

    /** The share of keys served by new, in percent. */
    public double newPercent() {
        return target == Side.NEW ? 100 : canaryPercent;
    }

    /** A short human description: "legacy", "canary 10%", "new", "legacy + shadow", "new + dual write". */
    public String describe() {
        String base = target == Side.NEW ? "new" : canaryPercent > 0 ? "canary " + formatPercent(canaryPercent) + "%" : "legacy";
        if (shadow) {
            base += shadowPercent < 100 ? " + shadow " + formatPercent(shadowPercent) + "%" : " + shadow";
        }
        if (dualWrite) {
            base += " + dual write";
        }
        return base;
    }

    private static String formatPercent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
