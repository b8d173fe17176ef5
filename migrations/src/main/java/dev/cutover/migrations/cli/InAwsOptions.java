package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.replication.ReplicationOptions;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** {@code migrate dynamodb --in-aws}: checks the options the state machine's workers cannot take, then runs {@link InAwsCopy}. */
final class InAwsOptions {
    /** Options of a local copy that the workers in AWS do not take (the state machine passes table, workers, segments, rate). */
    private static final List<String> LOCAL_ONLY = List.of("--source-table", "--target-table", "--mode", "--version-attribute",
            "--scan-threads", "--write-concurrency", "--rename", "--drop", "--transform", "--checkpoint", "--dead-letter",
            "--max-unprocessed-retries", "--report", "--page-size", "--consistent-read", "--worker-index", "--stop-after", "--replicate",
            "--export-import-plan", "--s3-bucket", "--s3-prefix");

    private InAwsOptions() {
    }

    static int run(MigrateDynamoDbCommand command, CutoverConfig config, String source, String target) {
        ParseResult parsed = command.spec.commandLine().getParseResult();
        List<String> refused = LOCAL_ONLY.stream().filter(parsed::hasMatchedOption).toList();
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("--in-aws runs the workers of the new account's state machine, which take only --table, "
                    + "--workers, --segments and --rate: drop " + String.join(", ", refused) + ", or copy from this machine without "
                    + "--in-aws");
        }
        String table = command.tables.logicalName().orElseThrow(() -> new IllegalArgumentException("--in-aws needs --config FILE "
                + "--table LOGICAL_NAME: the workers look the table up in the configuration deployed with them"));
        InAwsCopy.Request request = new InAwsCopy.Request(table, command.workers == null ? 1 : command.workers, command.segments,
                command.rate);
        String stateMachine = command.stateMachineArn != null ? command.stateMachineArn : InAwsCopy.defaultStateMachineArn(config);
        String checkpointTable = command.checkpointTable != null ? command.checkpointTable : ReplicationOptions.DEFAULT_CHECKPOINT_TABLE;
        try (AwsClientFactory factory = command.aws.factory(config, LegacyAccount.Job.MIGRATION);
                SfnClient sfn = factory.build(SfnClient.builder(), Side.NEW);
                DynamoDbClient legacy = factory.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = factory.build(DynamoDbClient.builder(), Side.NEW)) {
            InAwsCopy copy = new InAwsCopy(sfn, fresh, command.spec.commandLine().getOut(), command.spec.commandLine().getErr(),
                    command.quiet);
            return copy.run(stateMachine, request, checkpointTable, source, target, () -> itemCount(legacy, source), command.pollInterval);
        }
    }

    private static OptionalLong itemCount(DynamoDbClient legacy, String source) {
        try {
            return OptionalLong.of(legacy.describeTable(r -> r.tableName(source)).table().itemCount());
        } catch (SdkException e) {
            return OptionalLong.empty();
        }
    }
}
