package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Side;
import dev.cutover.config.state.CutoverState;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.dynamodb.DynamoDbTableVerifier;
import dev.cutover.migrations.dynamodb.VerifyReport;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code verify dynamodb}: are the legacy table and its copy equal? */
@Command(name = "dynamodb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compares a legacy table with its copy in the new account: item counts and order-independent digests per",
            "key range on both sides (parallel scans), then, for ranges that differ only, the keys that are missing,",
            "extra or different, with samples. Cheap enough to run right before cutover. Exit code 0: equal; 1: not."},
        footer = {"%nGive the same --rename/--drop/--transform as the copy: source items are compared as they should look in the target.",
            ExitCodes.HELP})
public final class VerifyDynamoDbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    TableOptions tables = new TableOptions();

    @Option(names = "--ranges", paramLabel = "N", defaultValue = "1024", description = "Key ranges compared (default ${DEFAULT-VALUE}).")
    int ranges;

    @Option(names = "--segments", paramLabel = "N", description = "Parallel scan segments per side (default: from the table's size).")
    Integer segments;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "10",
            description = "Keys listed per kind of difference (default ${DEFAULT-VALUE}).")
    int samples;

    @Mixin
    TransformOptions transforms = new TransformOptions();

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here too (it is always printed to stdout).")
    Path report;

    @Override
    public Integer call() {
        Optional<CutoverConfig> loaded = aws.loadConfig();
        CutoverConfig config = aws.effectiveConfig(loaded, LegacyAccount.Job.MIGRATION);
        String source = tables.legacyName(loaded);
        String target = tables.newName(loaded);
        try (AwsClientFactory factory = aws.factory(config, LegacyAccount.Job.MIGRATION);
                DynamoDbClient legacy = factory.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = factory.build(DynamoDbClient.builder(), Side.NEW)) {
            VerifyReport result = new DynamoDbTableVerifier(legacy, fresh).verify(source, target,
                    transforms.build(), ranges, Optional.ofNullable(segments), samples,
                    Optional.ofNullable(report));
            spec.commandLine().getOut().println(result.toJson());
            if (tables.logicalName().isPresent()) {
                String table = tables.logicalName().get();
                // flags set refuses to send reads to new data nobody verified; record the outcome either way.
                CutoverState state = aws.state();
                if (result.isEqual()) {
                    state.recordVerified(table, "dynamodb " + source + " = " + target);
                } else {
                    state.clearVerified(table);
                }
            }
            return result.isEqual() ? ExitCodes.OK : ExitCodes.DIFFERENT;
        }
    }
}
