package dev.cutover.migrations.ssm;

import java.util.Locale;

/** What {@code apply} does with a parameter that exists in the target with different content. */
public enum ConflictPolicy {
    /** Replace it with the source's (value, description, tier, pattern, data type, key, tags). */
    OVERWRITE,
    /** Leave it as it is (the new account owns it now). */
    SKIP,
    /** Refuse to apply the plan while there is any such parameter. */
    FAIL;

    public static ConflictPolicy fromId(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("conflict policy must be overwrite, skip or fail, but was '" + id + "'", e);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
