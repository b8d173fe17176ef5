package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.replication.ReplicationStatus;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code replicate status}: where a replication job stands, from its checkpoint item. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the replication checkpoint of a table as one JSON line: last applied sequence number and shard,",
            "position, shards still open, lag (as the replicator last recorded it), updatedAt. Exit 0; 1 when there is none."},
        footer = ExitCodes.HELP)
public final class ReplicateStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--table", paramLabel = "NAME", description = "Logical table name from --config (e.g. items).")
    String table;

    @Option(names = "--source-table", paramLabel = "NAME", description = "Legacy table name (overrides --table's).")
    String sourceTable;

    @Option(names = "--target-table", paramLabel = "NAME", description = "New table name (overrides --table's).")
    String targetTable;

    @Option(names = "--reverse", description = "The reverse job (new -> legacy).")
    boolean reverse;

    @Option(names = "--checkpoint-table", paramLabel = "TABLE", defaultValue = ReplicationOptions.DEFAULT_CHECKPOINT_TABLE,
            description = "As given to replicate dynamodb (default ${DEFAULT-VALUE}).")
    String checkpointTable;

    @Override
    public Integer call() {
        Optional<CutoverConfig> loaded = aws.loadConfig();
        CutoverConfig config = aws.effectiveConfig(loaded, ReplicateDynamoDbCommand.job(reverse));
        String legacyName = name(loaded, Side.LEGACY, sourceTable, "--source-table");
        String newName = name(loaded, Side.NEW, targetTable, "--target-table");
        try (AwsClientFactory factory = aws.factory(config, ReplicateDynamoDbCommand.job(reverse));
                DynamoDbClient checkpoints = factory.build(DynamoDbClient.builder(), Side.NEW)) {
            Optional<ReplicationStatus> status = DynamoDbStreamReplicator.status(checkpoints, checkpointTable,
                    reverse ? newName : legacyName, reverse ? legacyName : newName);
            if (status.isEmpty()) {
                spec.commandLine().getErr().println("no replication checkpoint for " + legacyName + " in " + checkpointTable);
                return ExitCodes.DIFFERENT;
            }
            spec.commandLine().getOut().println(status.get().toJson());
            return ExitCodes.OK;
        }
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
