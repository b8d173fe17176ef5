package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.dynamodb.CopyStatus;
import dev.cutover.migrations.dynamodb.CopyStatusReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code migrate status}: how far a table copy is, from its checkpoint, across all its workers. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Shows how far a DynamoDB copy is, read from its checkpoint only (it works while workers run, anywhere):",
            "segments done, in progress and not started; items copied; items per second since the job started; ETA.",
            "The ETA extrapolates from the done segments, or from the source's item count before any segment is done."},
        footer = {"%nExit code 0: the copy is complete; 8: work is left; 3: no checkpoint found.", ExitCodes.HELP})
public final class MigrateStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    TableOptions tables = new TableOptions();

    @Option(names = "--checkpoint-table", paramLabel = "TABLE", description = "The copy's checkpoint table (as given to the copy).")
    String checkpointTable;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "The copy's checkpoint file (default .cutover/checkpoints/SOURCE-to-TARGET.json).")
    Path checkpoint;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        Optional<CutoverConfig> loaded = aws.loadConfig();
        CutoverConfig config = aws.effectiveConfig(loaded, LegacyAccount.Job.MIGRATION);
        String source = tables.legacyName(loaded);
        String target = tables.newName(loaded);
        CopyStatus status;
        try (AwsClientFactory factory = aws.factory(config, LegacyAccount.Job.MIGRATION);
                DynamoDbClient legacy = factory.build(DynamoDbClient.builder(), Side.LEGACY)) {
            OptionalLong sourceItems = sourceItemCount(legacy, source);
            if (checkpointTable != null) {
                try (DynamoDbClient fresh = factory.build(DynamoDbClient.builder(), Side.NEW)) {
                    status = CopyStatusReader.fromTable(fresh, checkpointTable, source, target, sourceItems);
                }
            } else {
                Path file = checkpoint != null ? checkpoint : Path.of(".cutover", "checkpoints", source + "-to-" + target + ".json");
                status = CopyStatusReader.fromFile(file, sourceItems);
            }
        }
        spec.commandLine().getOut().print(json ? status.toJson() + System.lineSeparator() : status.toText());
        return status.isComplete() ? ExitCodes.OK : ExitCodes.MORE_TO_DO;
    }

    /** The source's approximate item count, for the ETA before any segment is done; empty when it cannot be read. */
    private OptionalLong sourceItemCount(DynamoDbClient legacy, String source) {
        try {
            return OptionalLong.of(legacy.describeTable(r -> r.tableName(source)).table().itemCount());
        } catch (SdkException e) {
            return OptionalLong.empty();
        }
    }
}
