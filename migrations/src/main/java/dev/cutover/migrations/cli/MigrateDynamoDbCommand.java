package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.ExportImportPlan;
import dev.cutover.migrations.dynamodb.RateLimit;
import dev.cutover.migrations.dynamodb.WriteMode;
import dev.cutover.migrations.dynamodb.internal.TableInfo;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.workflow.ReplicatedCopy;
import dev.cutover.migrations.dynamodb.internal.TablePreflight;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** {@code migrate dynamodb}: copy one table from the legacy account to the new one, resumably. */
@Command(name = "dynamodb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Copies a DynamoDB table from the legacy account (read through the cross-account role) to the new account.",
            "Checks both tables, key schemas and permissions first: nothing is written unless they are right.",
            "Resumable: progress is checkpointed per scan segment; after a crash or kill, run the same command again.",
            "Shared: --workers N --worker-index I splits the segments between N processes that meet only in --checkpoint-table.",
            "In AWS: --in-aws [--workers N] runs the N workers as Lambda invocations under the new account's state machine."},
        footer = {
            "%nWhich mode:",
            "  overwrite      BatchWriteItem, fastest. Use while nothing else writes to the target table.",
            "  skip-existing  Conditional PutItem: items already in the target are kept (e.g. written by the router",
            "                 since dual writes started). Use when the target may already hold newer data.",
            "  newer-wins     Conditional PutItem on --version-attribute: the target keeps the newer copy of each item.",
            "                 Use for a catch-up copy while the router writes to both sides.",
            "%nWhen to use export/import instead (--via-export --s3-bucket BUCKET):",
            "  For tables of hundreds of GB or more, or when scanning the live table would eat its read capacity:",
            "  ExportTableToPointInTime writes the table to S3 without using capacity, ImportTable builds the new table",
            "  from it, the stream replicator catches up the writes made since, verify dynamodb checks. Each step is",
            "  resumable. --export-import-plan prints the same path as shell commands instead.",
            "%nRetries: the SDK retries every call (throttling, 5xx) in its standard mode; this command retries only",
            "UnprocessedItems (partial success) with exponential backoff and jitter; what still fails is dead-lettered.",
            ExitCodes.HELP})
public final class MigrateDynamoDbCommand implements Callable<Integer> {
    /** --in-aws starts the state machine of this name in the new account (the cdk's MigrationWorkflow names it so). */
    public static final String IN_AWS_STATE_MACHINE_NAME = "cutover-migration";

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    TableOptions tables = new TableOptions();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "overwrite",
            description = "overwrite | skip-existing | newer-wins (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--version-attribute", paramLabel = "ATTR", description = "For newer-wins: the number or ISO timestamp compared.")
    String versionAttribute;

    @Option(names = "--rate", paramLabel = "RATE",
            description = "Cap: items/s ('500') or write capacity units/s ('200wcu'). Default: no cap;"
            + " the pace still halves on throttling and creeps back up.")
    String rate;

    @Option(names = "--segments", paramLabel = "N", description = "Parallel scan segments (default: from the table's size, one per GiB, at "
            + "least one per scan thread).")
    Integer segments;

    @Option(names = "--scan-threads", paramLabel = "N", defaultValue = "8",
            description = "Segments scanned at once (default ${DEFAULT-VALUE}).")
    int scanThreads;

    @Option(names = "--write-concurrency", paramLabel = "N", defaultValue = "32",
            description = "Write calls in flight at most (default ${DEFAULT-VALUE}).")
    int writeConcurrency;

    @Mixin
    TransformOptions transforms = new TransformOptions();

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file (default .cutover/checkpoints/SOURCE-to-TARGET.json).")
    Path checkpoint;

    @Option(names = "--checkpoint-table", paramLabel = "TABLE",
            description = "Keep the checkpoint in this DynamoDB table of the new account "
            + "(partition key 'job', S) instead of a file.")
    String checkpointTable;

    @Option(names = "--dead-letter", paramLabel = "FILE", description = "Where items that cannot be written go, as JSON lines "
            + "(default .cutover/dead-letters/SOURCE-to-TARGET.jsonl).")
    Path deadLetter;

    @Option(names = "--max-unprocessed-retries", paramLabel = "N", defaultValue = "10",
            description = "Rounds of UnprocessedItems re-sent (backoff 50 ms doubling to 5 s) before the rest is dead-lettered "
            + "(0-100, default ${DEFAULT-VALUE}).")
    int maxUnprocessedRetries;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here too (it is always printed to stdout).")
    Path report;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "500", description = "Items per Scan page (default ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--consistent-read", description = "Strongly consistent scans (twice the read capacity).")
    boolean consistentRead;

    @Option(names = "--workers", paramLabel = "N",
            description = "Workers sharing this copy (run one process per index, anywhere); needs --checkpoint-table, their only "
            + "shared state. Worker I scans the segments s with s %% N == I.")
    Integer workers;

    @Option(names = "--worker-index", paramLabel = "I", description = "Which worker this is, 0 to N-1. A dead worker is replaced by "
            + "running the same index again: it resumes its segments.")
    Integer workerIndex;

    @Option(names = "--stop-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 90s, 10m, 1h) with progress checkpointed; exit code 8 and \"moreToDo\": true "
            + "when segments are left: run the same command again.")
    Duration stopAfter;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--replicate", description = "Snapshot + catch-up: record the legacy stream's position before the copy (kept"
            + " if already recorded), copy, then apply the stream from that position until caught up (replicate dynamodb).")
    boolean replicate;

    @Option(names = "--export-import-plan", description = "Print the export/import commands for this table instead of copying.")
    boolean exportImportPlan;

    @Option(names = "--via-export", description = "Run the export/import path (needs --s3-bucket): PITR check, stream position, export"
            + " to the new account's bucket, import into a new table, catch-up from the stream, verify. Resumable: run it again.")
    boolean viaExport;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "For --via-export / --export-import-plan: the new account's"
            + " bucket.")
    String s3Bucket;

    @Option(names = "--s3-prefix", paramLabel = "PREFIX", description = "For --via-export / --export-import-plan: key prefix (default"
            + " cutover-export).")
    String s3Prefix;

    @Option(names = "--in-aws", description = "Run the copy in the new account instead: start its migration state machine (worker "
            + "Lambda per --workers index, invoked again until its segments are done), print the execution ARN, follow it and exit with "
            + "its outcome. Takes --table, --workers, --segments, --rate, --checkpoint-table, --quiet.")
    boolean inAws;

    @Option(names = "--state-machine-arn", paramLabel = "ARN", description = "For --in-aws: the stack output MigrationStateMachineArn "
            + "(default: arn:aws:states:REGION:NEW_ACCOUNT_ID:stateMachine:cutover-migration, from --config).")
    String stateMachineArn;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "For --in-aws: how often the execution and the checkpoint are read (default ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Override
    public Integer call() {
        Optional<CutoverConfig> loaded = aws.loadConfig();
        CutoverConfig config = aws.effectiveConfig(loaded, LegacyAccount.Job.MIGRATION);
        String source = tables.legacyName(loaded);
        String target = tables.newName(loaded);
        if (inAws) {
            return InAwsOptions.run(this, config, source, target);
        }
        try (AwsClientFactory factory = aws.factory(config, LegacyAccount.Job.MIGRATION);
                DynamoDbClient legacy = factory.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = factory.build(DynamoDbClient.builder(), Side.NEW)) {
            if (viaExport) {
                return ViaExport.run(config, factory, legacy, fresh, source, target, s3Bucket, s3Prefix, checkpoint, checkpointTable,
                        maxUnprocessedRetries, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
            if (exportImportPlan) {
                TableInfo info = TablePreflight.describe(legacy, source, TablePreflight.Side.SOURCE);
                ExportImportPlan plan = new ExportImportPlan(config.region(), info.arn(), config.accounts().legacy().accountId(),
                        loaded.map(c -> c.accounts().newAccountId()).orElse("NEW_ACCOUNT_ID"), target, info.partitionKey(),
                        info.keyTypes().get(info.partitionKey()), info.sortKey(), info.sortKey().map(info.keyTypes()::get), s3Bucket,
                                s3Prefix);
                spec.commandLine().getOut().print(plan.render());
                return ExitCodes.OK;
            }
            DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable(source).targetTable(target).mode(WriteMode.fromId(mode))
                    .versionAttribute(versionAttribute).segments(segments).scanThreads(scanThreads).writeConcurrency(writeConcurrency)
                    .rateLimit(rate == null ? null : RateLimit.parse(rate)).transform(transforms.build())
                    .checkpointFile(checkpointTable == null ? checkpoint : null).checkpointTable(checkpointTable).deadLetterFile(deadLetter)
                    .reportFile(report).pageSize(pageSize).maxUnprocessedRetries(maxUnprocessedRetries)
                    .consistentRead(consistentRead).log(spec.commandLine().getErr()).quiet(quiet)
                    .workers(workers).workerIndex(workerIndex).stopAfter(stopAfter)
                    .build();
            if (!replicate) {
                CopyReport result = new DynamoDbTableCopier(legacy, fresh).copy(options);
                spec.commandLine().getOut().println(result.toJson());
                return ExitCodes.forCopy(result);
            }
            ReplicationOptions replication = ReplicationOptions.builder().sourceTable(source).targetTable(target)
                    .checkpointTable(checkpointTable == null ? ReplicationOptions.DEFAULT_CHECKPOINT_TABLE : checkpointTable)
                    .transform(options.transform()).maxUnprocessedRetries(maxUnprocessedRetries).log(spec.commandLine().getErr())
                    .build();
            // The stream is read through the replication role (replicate dynamodb's), the table through the migration role.
            try (AwsClientFactory replicationFactory = aws.factory(config, LegacyAccount.Job.REPLICATION);
                    DynamoDbStreamsClient streams = replicationFactory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
                DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, fresh, fresh);
                // The position first: every change after it is replayed over what the copy wrote.
                ReplicatedCopy result = ReplicatedCopy.run(replicator, new DynamoDbTableCopier(legacy, fresh), options, replication);
                spec.commandLine().getOut().println(result.copy().toJson());
                if (result.catchUp().isEmpty()) {
                    // the copy is not finished: the recorded position waits for the rerun that finishes it
                    return ExitCodes.forCopy(result.copy());
                }
                spec.commandLine().getOut().println(result.catchUp().get().toJson());
                return ExitCodes.OK;
            }
        }
    }
}
