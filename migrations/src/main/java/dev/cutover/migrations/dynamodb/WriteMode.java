package dev.cutover.migrations.dynamodb;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the copy treats an item that may already exist in the target table.
 *
 * <ul>
 *   <li>{@link #OVERWRITE}: BatchWriteItem, 25 at a time; the fastest, and last writer wins. Use it
 *       while nothing else writes to the target table.</li>
 *   <li>{@link #SKIP_EXISTING}: PutItem with {@code attribute_not_exists(pk)}; an item already in the
 *       target (written by the router during the copy, or by an earlier run) is left alone.</li>
 *   <li>{@link #NEWER_WINS}: PutItem with {@code attribute_not_exists(pk) OR #v < :v} on a version or
 *       timestamp attribute; the target keeps whichever copy is newer.</li>
 * </ul>
 * BatchWriteItem cannot be conditional, so the conditional modes write item by item (in parallel).
 */
public enum WriteMode {
    OVERWRITE("overwrite"),
    SKIP_EXISTING("skip-existing"),
    NEWER_WINS("newer-wins");

    private final String id;

    WriteMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean isConditional() {
        return this != OVERWRITE;
    }

    public static WriteMode fromId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (WriteMode mode : values()) {
            if (mode.id.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be one of " + Arrays.stream(values()).map(WriteMode::id)
                .collect(Collectors.joining(", ")) + ", but was '" + id + "'");
    }

    @Override
    public String toString() {
        return id;
    }
}
