package dev.cutover.cli.flags;

import dev.cutover.config.ConfigException;
import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;

/**
 * The phases an operation moves through, as typed on the command line: legacy, shadow [N] (N: the share of reads
 * compared, default: keep the current one), canary N, new, dual-write.
 */
public enum Phase {
    LEGACY,
    SHADOW,
    CANARY,
    NEW,
    DUAL_WRITE;

    public static Phase parse(String text) {
        return switch (text) {
            case "legacy" -> LEGACY;
            case "shadow" -> SHADOW;
            case "canary" -> CANARY;
            case "new" -> NEW;
            case "dual-write" -> DUAL_WRITE;
            default -> throw new ConfigException("phase must be one of legacy, shadow, canary <percent>, new, dual-write; but was '"
                    + text + "'");
        };
    }

    /** The flag for {@code operation} in this phase, starting from its current flag. */
    public OperationFlag apply(Operation operation, OperationFlag current, Double percent) {
        if (this == CANARY && (percent == null || percent <= 0 || percent > 100)) {
            throw new ConfigException("canary needs a percent between 0 (exclusive) and 100, e.g. 'canary 10', but was " + percent);
        }
        if (this == SHADOW && percent != null && (percent <= 0 || percent > 100)) {
            throw new ConfigException("shadow takes the share of reads to compare, between 0 (exclusive) and 100, e.g. 'shadow 10',"
                    + " but was " + percent);
        }
        if (this != CANARY && this != SHADOW && percent != null) {
            throw new ConfigException("only 'canary' and 'shadow' take a percent; '"
                    + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "' does not");
        }
        if (this == SHADOW && !operation.isRead()) {
            throw new ConfigException(operation.name() + " is a write; shadow applies to reads. Use dual-write for writes.");
        }
        if (this == DUAL_WRITE && operation.isRead()) {
            throw new ConfigException(operation.name() + " is a read; dual-write applies to writes. Use shadow for reads.");
        }
        return switch (this) {
            case LEGACY -> OperationFlag.LEGACY;
            case SHADOW -> new OperationFlag(current.target(), current.canaryPercent(), true, false,
                    percent != null ? percent : current.shadowPercent());
            case CANARY -> new OperationFlag(Side.LEGACY, percent, current.shadow(), current.dualWrite(), current.shadowPercent());
            case NEW -> new OperationFlag(Side.NEW, 100, false, false);
            case DUAL_WRITE -> new OperationFlag(current.target(), current.canaryPercent(), false, true);
        };
    }
}
