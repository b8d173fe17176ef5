package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.dynamodb.ExportImportMigration;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * {@code migrate dynamodb --via-export --s3-bucket B}: runs {@link ExportImportMigration} (PITR check, stream position,
 * export to the new account's bucket, import into a table that must not exist, catch-up from the stream, verify) with the
 * command's tables and clients. Kept apart from {@link MigrateDynamoDbCommand} so that command only hands over.
 */
final class ViaExport {

    /** The state file when --checkpoint is not given. */
    static Path defaultStateFile(String source, String target) {
        return Path.of(".cutover", "checkpoints", source + "-to-" + target + ".export-import.json");
    }

    private ViaExport() {
    }

    /**
     * @return the exit code: OK when the verdict is EQUAL, DIFFERENT otherwise
     */
    static int run(CutoverConfig config, AwsClientFactory factory, DynamoDbClient legacy, DynamoDbClient fresh, String source,
            String target, String bucket, String prefix, Path stateFile, String checkpointTable, int maxUnprocessedRetries,
            PrintWriter out, PrintWriter log) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("--via-export needs --s3-bucket BUCKET: a bucket of the new account ("
                    + config.accounts().newAccountId() + ") whose policy lets the legacy role write (see docs/migrations.md)");
        }
        ReplicationOptions replication = ReplicationOptions.builder().sourceTable(source).targetTable(target)
                .checkpointTable(checkpointTable == null ? ReplicationOptions.DEFAULT_CHECKPOINT_TABLE : checkpointTable)
                .maxUnprocessedRetries(maxUnprocessedRetries).log(log).build();
        try (DynamoDbStreamsClient streams = factory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, fresh, fresh);
            ExportImportMigration.Options options = new ExportImportMigration.Options(source, target, bucket,
                    config.accounts().newAccountId(), prefix, stateFile == null ? defaultStateFile(source, target) : stateFile,
                    replication, Duration.ofSeconds(20), Duration.ofHours(6), log);
            ExportImportMigration.Report report = new ExportImportMigration(legacy, fresh, replicator).run(options);
            out.println(report.toJson());
            return report.equal() ? ExitCodes.OK : ExitCodes.DIFFERENT;
        }
    }
}
