package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which table pair a DynamoDB command works on: a logical name from the configuration, or explicit names per side. */
public final class TableOptions {
    @Option(names = "--table", paramLabel = "NAME", description = "Logical table name from --config (e.g. items): both sides' names.")
    String table;

    @Option(names = "--source-table", paramLabel = "NAME", description = "Legacy table name (overrides --table's).")
    String sourceTable;

    @Option(names = "--target-table", paramLabel = "NAME", description = "New table name (overrides --table's).")
    String targetTable;

    /** The logical name given with --table, if any. */
    Optional<String> logicalName() {
        return Optional.ofNullable(table);
    }

    /** The legacy table's name: --source-table, else the logical table's in the configuration. */
    String legacyName(Optional<CutoverConfig> loaded) {
        return name(loaded, Side.LEGACY, sourceTable, "--source-table");
    }

    /** The new table's name: --target-table, else the logical table's in the configuration. */
    String newName(Optional<CutoverConfig> loaded) {
        return name(loaded, Side.NEW, targetTable, "--target-table");
    }

    /** Whether a side's name was given explicitly (--source-table or --target-table). */
    boolean hasExplicitNames() {
        return sourceTable != null || targetTable != null;
    }

    private String name(Optional<CutoverConfig> loaded, Side side, String explicit, String flag) {
        if (explicit != null) {
            return explicit;
        }
        if (table == null || loaded.isEmpty()) {
            throw new IllegalArgumentException("name the tables: --config FILE --table LOGICAL_NAME, or " + flag);
        }
        return loaded.get().resources(side).table(table).name();
    }
}
