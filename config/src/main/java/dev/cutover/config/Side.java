package dev.cutover.config;

import java.util.Locale;

/** The two halves of a migration: the legacy account (reached cross-account) and the new one. */
public enum Side {
    LEGACY,
    NEW;

    public Side other() {
        return this == LEGACY ? NEW : LEGACY;
    }

    /** Lower-case name as used in files and logs: "legacy" or "new". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Side fromId(String id) {
        for (Side side : values()) {
            if (side.id().equals(id)) {
                return side;
            }
        }
        throw new IllegalArgumentException("side must be 'legacy' or 'new', but was '" + id + "'");
    }
}
