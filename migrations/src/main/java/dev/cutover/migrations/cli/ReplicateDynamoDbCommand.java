package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.replication.ReplicationReport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** {@code replicate dynamodb}: apply the legacy table's stream to the new table. */
@Command(name = "dynamodb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Follows the legacy table's DynamoDB stream (through the cross-account role) and applies every change to the new table,",
            "in order per key: a put of the full NewImage (through the same --rename/--drop/--transform as the copy), a delete for",
            "REMOVE. Parent shards are read before their children. The stream needs StreamViewType NEW_IMAGE or NEW_AND_OLD_IMAGES.",
            "Checkpoint: per shard, the last applied SequenceNumber, in --checkpoint-table of the new account (created if absent).",
            "Stop it at any time (even kill -9): the next run resumes there; records applied twice change nothing."},
        footer = {
            "%nOrder (snapshot + catch-up, no version attribute needed):",
            "  1. replicate dynamodb --table T --record-position   (the stream's current end, BEFORE the copy)",
            "  2. migrate dynamodb --table T                        (the copy)",
            "  3. replicate dynamodb --table T --follow             (everything written since step 1, then keep following)",
            "  migrate dynamodb --table T --replicate does 1 to 3 (step 3 until caught up) in one command.",
            "%nStatus: a JSON line on stderr every --status-interval (lag = now - creation time of the newest applied record;",
            "0 when caught up), with a CloudWatch embedded-metric line (cutover/replication ReplicationLag, per table);",
            "replicate status --table T reads the checkpoint.",
            "%n--reverse: new -> legacy (rollback safety net after writes moved to new). The new table needs a stream; legacy is",
            "reached through accounts.legacy.reverseReplicationRoleArn (default: replicationRoleArn), which needs DescribeTable and",
            "BatchWriteItem on the legacy table (the CDK app creates that role with -c cutover:reverseReplication=true). The",
            "checkpoint stays in the new account.",
            ExitCodes.HELP})
public final class ReplicateDynamoDbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    TableOptions tables = new TableOptions();

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    /** At most one of the ways to run. */
    static final class Mode {
        @Option(names = "--until-caught-up", description = "Exit 0 once every shard is read to its current end (default).")
        boolean untilCaughtUp;

        @Option(names = "--follow", description = "Run until stopped, polling the open shards.")
        boolean follow;

        @Option(names = "--record-position", description = "Only record the stream's current end as the position (before a copy);"
                + " keeps one already recorded.")
        boolean recordPosition;
    }

    @Option(names = "--from-trim-horizon", description = "Without a recorded position, start at the oldest record the stream keeps"
            + " (only right if the copy started after it).")
    boolean fromTrimHorizon;

    @Option(names = "--reverse", description = "Replicate new -> legacy instead (see below).")
    boolean reverse;

    @Option(names = "--checkpoint-table", paramLabel = "TABLE", defaultValue = ReplicationOptions.DEFAULT_CHECKPOINT_TABLE,
            description = "The new account's checkpoint table (partition key 'job', S; the copy's --checkpoint-table works too;"
            + " default ${DEFAULT-VALUE}).")
    String checkpointTable;

    @Mixin
    TransformOptions transforms = new TransformOptions();

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT1S",
            description = "--follow: wait between polls once caught up (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--status-interval", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "How often the JSON status line and lag metric are written (default ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--max-unprocessed-retries", paramLabel = "N", defaultValue = "10",
            description = "Rounds of UnprocessedItems re-sent before the run stops, checkpoint before them (default ${DEFAULT-VALUE}).")
    int maxUnprocessedRetries;

    @Option(names = "--no-metrics", description = "No embedded-metric-format lines.")
    boolean noMetrics;

    @Override
    public Integer call() {
        Optional<CutoverConfig> loaded = aws.loadConfig();
        CutoverConfig config = aws.effectiveConfig(loaded, job(reverse));
        String legacyName = tables.legacyName(loaded);
        String newName = tables.newName(loaded);
        Side from = reverse ? Side.NEW : Side.LEGACY;
        Side to = reverse ? Side.LEGACY : Side.NEW;
        ReplicationOptions options = ReplicationOptions.builder()
                .sourceTable(reverse ? newName : legacyName).targetTable(reverse ? legacyName : newName)
                .checkpointTable(checkpointTable).transform(transforms.build())
                .mode(mode.follow ? ReplicationMode.FOLLOW : ReplicationMode.UNTIL_CAUGHT_UP).fromTrimHorizon(fromTrimHorizon)
                .pollInterval(pollInterval).statusInterval(statusInterval).maxUnprocessedRetries(maxUnprocessedRetries)
                .metrics(!noMetrics).log(spec.commandLine().getErr()).build();
        try (AwsClientFactory factory = aws.factory(config, job(reverse));
                DynamoDbClient source = factory.build(DynamoDbClient.builder(), from);
                DynamoDbStreamsClient streams = factory.build(DynamoDbStreamsClient.builder(), from);
                DynamoDbClient target = factory.build(DynamoDbClient.builder(), to);
                DynamoDbClient checkpoints = factory.build(DynamoDbClient.builder(), Side.NEW)) {
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(source, streams, target, checkpoints);
            if (mode.recordPosition) {
                replicator.recordPosition(options);
                return ExitCodes.OK;
            }
            ReplicationReport report = replicator.replicate(options);
            spec.commandLine().getOut().println(report.toJson());
            return ExitCodes.OK;
        }
    }

    /** The legacy role a replicate command assumes: the reverse job writes legacy, so it has its own. */
    public static LegacyAccount.Job job(boolean reverse) {
        return reverse ? LegacyAccount.Job.REVERSE_REPLICATION : LegacyAccount.Job.REPLICATION;
    }
}
