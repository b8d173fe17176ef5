package dev.cutover.migrations.dynamodb;

import java.util.Locale;

/**
 * The cap on the copy's write rate: items per second, or write capacity units per second (an item
 * of up to 1 KB costs 1 WCU, larger ones one more per started KB; conditional puts cost the same).
 * The adaptive limiter never goes above it and backs off below it when either table throttles.
 */
public record RateLimit(double perSecond, Unit unit) {
    public enum Unit {
        ITEMS,
        WCU
    }

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, but was " + perSecond);
        }
    }

    /** Parses "500", "500/s", "500 items/s", "200wcu" or "200 WCU/s". */
    public static RateLimit parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (s.endsWith("/s")) {
            s = s.substring(0, s.length() - 2);
        }
        Unit unit = Unit.ITEMS;
        if (s.endsWith("wcu")) {
            unit = Unit.WCU;
            s = s.substring(0, s.length() - 3);
        } else if (s.endsWith("items")) {
            s = s.substring(0, s.length() - 5);
        }
        try {
            return new RateLimit(Double.parseDouble(s), unit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rate must look like '500' (items/s) or '200wcu' (write capacity units/s), but was '"
                    + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond))
                + (unit == Unit.WCU ? " WCU/s" : " items/s");
    }
}
