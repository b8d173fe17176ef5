package dev.cutover.migrations.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.internal.DurableFiles;
import dev.cutover.migrations.internal.Json;
import dev.cutover.migrations.internal.RetryPolicies;
import io.github.resilience4j.retry.Retry;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.replication.ReplicationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The export/import path for a big table, run instead of printed ({@code migrate dynamodb --via-export --s3-bucket B}):
 *
 * <ol>
 *   <li>{@code pitr}: the legacy table has point-in-time recovery (ExportTableToPointInTime needs it) and the new table does
 *       not exist yet (ImportTable creates it);</li>
 *   <li>{@code position}: the legacy stream's current end is recorded in the replication checkpoint (kept if already there),
 *       before the export's snapshot, so no write made during the export is lost;</li>
 *   <li>{@code export}: ExportTableToPointInTime into the new account's bucket (cross-account: the bucket policy lets the
 *       legacy role write; bucket owner enforced), then wait for COMPLETED;</li>
 *   <li>{@code import}: ImportTable of the export's {@code data/} files into the new table, created with the legacy key
 *       schema, billing mode and global secondary indexes; wait for COMPLETED with no errors;</li>
 *   <li>{@code catch-up}: the change-capture replicator applies the stream from the recorded position (instead of a re-scan);</li>
 *   <li>{@code verify}: both tables compared (verify dynamodb); EQUAL or the job fails.</li>
 * </ol>
 *
 * <p>Resumable: every step's outcome (export ARN, import ARN, the position's time, the verdict) is saved in a state file
 * after the step; a re-run skips the done steps and waits on a started export or import instead of starting another. The
 * stream position itself lives in the replication checkpoint table, as for {@code replicate dynamodb}.
 *
 * <p>A failed import is recorded (ARN, failure, the TableId it created). DynamoDB keeps the table of an import that failed
 * after it started reading data, with the items it imported; the job never deletes it (that would take dynamodb:DeleteTable
 * on the application's table) but says exactly what to delete. The next run starts a new import, with a new client token,
 * once the table is gone; a table of the same name that the failed import did not create is never taken for its leftover.
 */
public final class ExportImportMigration {

    /** The steps, in order; the state file and the report name them so. */
    public static final List<String> STEPS = List.of("pitr", "position", "export", "import", "catch-up", "verify");

    private final DynamoDbClient legacy;
    private final DynamoDbClient fresh;
    private final DynamoDbStreamReplicator replicator;

    /**
     * @param legacy the legacy account's DynamoDB (the cross-account role: it calls ExportTableToPointInTime, so its
     *     credentials are the ones the bucket policy must let write)
     * @param fresh the new account's DynamoDB (ImportTable, the target's checks, the replication checkpoint)
     * @param replicator the change-capture replicator from legacy to new
     */
    public ExportImportMigration(DynamoDbClient legacy, DynamoDbClient fresh, DynamoDbStreamReplicator replicator) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.fresh = Objects.requireNonNull(fresh, "fresh");
        this.replicator = Objects.requireNonNull(replicator, "replicator");
    }

    /**
     * What to export where.
     *
     * @param sourceTable the legacy table
     * @param targetTable the new table, which ImportTable creates: it must not exist
     * @param bucket the new account's bucket
     * @param bucketOwner the bucket's account (checked by the export: a bucket of another owner is refused)
     * @param prefix key prefix for the export
     * @param stateFile where each step's outcome is kept
     * @param replication the catch-up's options (source and target as above, checkpoint table)
     * @param pollInterval how often a running export or import is described
     * @param timeout how long to wait for the export, then for the import, before stopping (a re-run waits on)
     * @param log where step events go (JSON lines)
     */
    public record Options(String sourceTable, String targetTable, String bucket, String bucketOwner, String prefix, Path stateFile,
            ReplicationOptions replication, Duration pollInterval, Duration timeout, PrintWriter log) {
        public Options {
            require(sourceTable, "sourceTable", "the legacy table: --table or --source-table");
            require(targetTable, "targetTable", "the new table: --table or --target-table");
            require(bucket, "bucket", "the new account's bucket: --s3-bucket BUCKET");
            require(bucketOwner, "bucketOwner", "the new account's id");
            if (prefix == null || prefix.isBlank()) {
                prefix = "cutover-export";
            }
            Objects.requireNonNull(stateFile, "stateFile");
            Objects.requireNonNull(replication, "replication");
            if (!replication.sourceTable().equals(sourceTable) || !replication.targetTable().equals(targetTable)) {
                throw new IllegalArgumentException("replication options must name the same tables as the export/import ("
                        + sourceTable + " -> " + targetTable + "), but name " + replication.sourceTable() + " -> "
                        + replication.targetTable());
            }
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, but was " + pollInterval);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
            }
            Objects.requireNonNull(log, "log");
        }

        private static void require(String value, String field, String hint) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " is required (" + hint + ")");
            }
        }
    }

    /** The outcome: each step's status and details, the catch-up's report and the verdict. */
    public record Report(ObjectNode state, boolean equal) {
        public String toJson() {
            return state.toPrettyString();
        }
    }

    public Report run(Options o) {
        ObjectNode state = loadState(o);
        ObjectNode steps = steps(state);
        if (!steps.has("pitr")) {
            checkPitr(o);
            done(o, state, "pitr", Json.MAPPER.createObjectNode());
        } else {
            skipped(o, "pitr");
        }
        if (!steps.has("position")) {
            Instant at = replicator.recordPosition(o.replication());
            done(o, state, "position", Json.MAPPER.createObjectNode().put("positionRecordedAt", at.toString()));
        } else {
            skipped(o, "position");
        }
        ExportDescription export = export(o, state);
        importTable(o, state, export);
        if (!steps.has("catch-up")) {
            ReplicationReport caughtUp = replicator.replicate(o.replication());
            if (!caughtUp.caughtUp()) {
                throw new MigrationException("the catch-up stopped before the end of the legacy stream (" + caughtUp.toJson()
                        + "); run this command again: it goes on from the replication checkpoint");
            }
            ObjectNode details = Json.MAPPER.createObjectNode();
            details.set("report", readTree(caughtUp.toJson()));
            done(o, state, "catch-up", details);
        } else {
            skipped(o, "catch-up");
        }
        VerifyReport verdict = new DynamoDbTableVerifier(legacy, fresh).verify(o.sourceTable(), o.targetTable(), ItemTransform.identity(),
                1024, Optional.empty(), 10, Optional.empty());
        ObjectNode verify = Json.MAPPER.createObjectNode().put("verdict", verdict.isEqual() ? "EQUAL" : "DIFFERENT");
        verify.set("report", readTree(verdict.toJson()));
        done(o, state, "verify", verify);
        return new Report(state, verdict.isEqual());
    }

    private void checkPitr(Options o) {
        PointInTimeRecoveryStatus pitr = legacy.describeContinuousBackups(b -> b.tableName(o.sourceTable())).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
        if (pitr != PointInTimeRecoveryStatus.ENABLED) {
            throw new PreflightException("point-in-time recovery is " + pitr + " on the legacy table " + o.sourceTable()
                    + ", and ExportTableToPointInTime needs it. Enable it in the legacy account (aws dynamodb update-continuous-backups"
                    + " --table-name " + o.sourceTable() + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true),"
                    + " then run this command again");
        }
        if (tableExists(fresh, o.targetTable())) {
            throw new PreflightException("the new table " + o.targetTable() + " already exists, but ImportTable creates its table."
                    + " Deploy the new account's stack without it (cdk deploy -c importedTables=" + o.targetTable() + ", see docs/cdk.md)"
                    + " and delete the empty table, or copy with migrate dynamodb --replicate instead");
        }
    }

    private ExportDescription export(Options o, ObjectNode state) {
        ObjectNode steps = steps(state);
        JsonNode saved = steps.path("export");
        String arn = saved.path("exportArn").asText(null);
        if (arn == null) {
            String tableArn = legacy.describeTable(b -> b.tableName(o.sourceTable())).table().tableArn();
            ExportDescription started = legacy.exportTableToPointInTime(b -> b.tableArn(tableArn).s3Bucket(o.bucket())
                    .s3BucketOwner(o.bucketOwner()).s3Prefix(o.prefix()).clientToken(token("export", o))).exportDescription();
            arn = started.exportArn();
            steps.set("export", Json.MAPPER.createObjectNode().put("status", "started").put("exportArn", arn));
            save(o, state);
            event(o, "started", "export", "\"exportArn\":\"" + arn + "\"");
        }
        String exportArn = arn;
        ExportDescription done = waitFor(o, "export", () -> legacy.describeExport(b -> b.exportArn(exportArn)).exportDescription(),
                d -> d.exportStatus() != ExportStatus.IN_PROGRESS);
        if (done.exportStatus() != ExportStatus.COMPLETED) {
            steps.remove("export");
            save(o, state);
            throw new MigrationException("the export " + exportArn + " ended " + done.exportStatusAsString() + " (" + done.failureCode()
                    + ": " + done.failureMessage() + "). Check that bucket " + o.bucket() + " exists in account " + o.bucketOwner()
                    + " and that its policy lets the legacy role s3:PutObject under " + o.prefix() + "/, then run this command again:"
                    + " it starts a new export");
        }
        if (!"done".equals(steps.path("export").path("status").asText())) {
            done(o, state, "export", Json.MAPPER.createObjectNode().put("exportArn", exportArn).put("exportManifest", done.exportManifest())
                    .put("itemCount", done.itemCount() == null ? -1 : done.itemCount()).put("exportTime", done.exportTime().toString()));
        } else {
            skipped(o, "export");
        }
        return done;
    }

    private void importTable(Options o, ObjectNode state, ExportDescription export) {
        ObjectNode steps = steps(state);
        JsonNode saved = steps.path("import");
        String status = saved.path("status").asText();
        if ("done".equals(status)) {
            skipped(o, "import");
            return;
        }
        int attempt = saved.path("attempt").asInt(1);
        String arn = "failed".equals(status) ? null : saved.path("importArn").asText(null);
        if ("failed".equals(status)) {
            // an earlier run's import failed: start another once the table it may have left is gone
            Optional<TableDescription> left = describeTable(fresh, o.targetTable());
            if (left.isPresent()) {
                throw new PreflightException(tableInTheWay(o, saved, left.get()));
            }
            attempt++;
            event(o, "retrying", "import", "\"previousImportArn\":\"" + saved.path("importArn").asText() + "\",\"previousFailure\":\""
                    + saved.path("failureCode").asText() + "\",\"attempt\":" + attempt);
        }
        if (arn == null) {
            if (tableExists(fresh, o.targetTable())) {
                throw new PreflightException("the new table " + o.targetTable() + " exists, but the import has not started: ImportTable"
                        + " needs a table that does not exist. Delete it (or deploy without it: cdk deploy -c importedTables="
                        + o.targetTable() + ") and run this command again");
            }
            String manifest = export.exportManifest();
            String dataPrefix = manifest.substring(0, manifest.lastIndexOf('/') + 1) + "data/";
            TableCreationParameters creation = creationParameters(o);
            // a new token per attempt: within 8 hours the same token returns the same (failed) import
            String token = token(attempt == 1 ? "import" : "import#" + attempt, o);
            ImportTableDescription started;
            try {
                started = fresh.importTable(b -> b.clientToken(token)
                        .s3BucketSource(s -> s.s3Bucket(o.bucket()).s3BucketOwner(o.bucketOwner()).s3KeyPrefix(dataPrefix))
                        .inputFormat(InputFormat.DYNAMODB_JSON).inputCompressionType(InputCompressionType.GZIP)
                        .tableCreationParameters(creation)).importTableDescription();
            } catch (DynamoDbException e) {
                if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                    throw new PreflightException("the new account's caller may not start the import: " + e.awsErrorDetails().errorMessage()
                            + ". It needs Permissions.forImportTarget: dynamodb:ImportTable on the new table, dynamodb:DescribeImport on"
                            + " its imports, s3:GetObject on arn:aws:s3:::" + o.bucket() + "/" + o.prefix() + "/*, s3:ListBucket on"
                            + " arn:aws:s3:::" + o.bucket() + " and the /aws-dynamodb/imports log group (the CDK app grants them to the"
                            + " cutover-migration role with -c exportBucket=" + o.bucket() + " -c importedTables=...; see docs/cdk.md)."
                            + " Nothing was imported; run this command again once granted", e);
                }
                throw e;
            }
            arn = started.importArn();
            steps.set("import", Json.MAPPER.createObjectNode().put("status", "started").put("importArn", arn).put("attempt", attempt));
            save(o, state);
            event(o, "started", "import", "\"importArn\":\"" + arn + "\",\"attempt\":" + attempt);
        }
        String importArn = arn;
        ImportTableDescription done = waitFor(o, "import", () -> fresh.describeImport(b -> b.importArn(importArn)).importTableDescription(),
                d -> d.importStatus() != ImportStatus.IN_PROGRESS);
        if (done.importStatus() != ImportStatus.COMPLETED || done.errorCount() != null && done.errorCount() > 0) {
            Optional<TableDescription> left = describeTable(fresh, o.targetTable());
            ObjectNode failed = Json.MAPPER.createObjectNode().put("status", "failed").put("importArn", importArn).put("attempt", attempt)
                    .put("importStatus", done.importStatusAsString()).put("failureCode", done.failureCode())
                    .put("failureMessage", done.failureMessage()).put("errorCount", done.errorCount() == null ? 0 : done.errorCount())
                    .put("importedItemCount", done.importedItemCount() == null ? 0 : done.importedItemCount())
                    .put("tableId", done.tableId());
            failed.put("tableLeftBehind", left.isPresent() && left.get().tableId().equals(done.tableId()));
            steps.set("import", failed);
            save(o, state);
            event(o, "failed", "import", "\"importArn\":\"" + importArn + "\",\"failureCode\":\"" + done.failureCode()
                    + "\",\"tableLeftBehind\":" + failed.path("tableLeftBehind").asBoolean());
            String what = "the import " + importArn + " ended " + done.importStatusAsString() + " (" + done.failureCode() + ": "
                    + done.failureMessage() + "; " + failed.path("errorCount").asLong() + " errors, "
                    + failed.path("importedItemCount").asLong() + " items imported). " + cause(o, done.failureCode()) + " ";
            if (left.isEmpty()) {
                throw new MigrationException(what + "DynamoDB created no table " + o.targetTable() + ", so nothing needs cleaning up:"
                        + " run this command again once the cause is fixed; it starts a new import from the same export");
            }
            throw new MigrationException(what + tableInTheWay(o, failed, left.get()));
        }
        done(o, state, "import", Json.MAPPER.createObjectNode().put("importArn", importArn).put("attempt", attempt)
                .put("importedItemCount", done.importedItemCount() == null ? -1 : done.importedItemCount())
                .put("errorCount", done.errorCount() == null ? 0 : done.errorCount()));
    }

    /** What a failure code usually means here, and what to do about it. */
    private static String cause(Options o, String failureCode) {
        String code = failureCode == null ? "" : failureCode;
        if (code.equals("S3NoSuchBucket")) {
            return "The bucket " + o.bucket() + " does not exist (any more) in account " + o.bucketOwner() + ".";
        }
        if (code.startsWith("S3") || code.contains("AccessDenied")) {
            return "The new account's caller could not read the export: it needs s3:GetObject on arn:aws:s3:::" + o.bucket() + "/"
                    + o.prefix() + "/* and s3:ListBucket on arn:aws:s3:::" + o.bucket() + " (Permissions.forImportTarget, docs/cdk.md).";
        }
        if (code.equals("ItemValidationError")) {
            return "Some of the export's data files or items could not be read (the log group /aws-dynamodb/imports, stream"
                    + " IMPORT_ID/error, lists them); if the export's files were changed or deleted, also remove the \"export\" step"
                    + " from " + o.stateFile() + " so the run exports again.";
        }
        return "See the failure message.";
    }

    /**
     * Why a table in the way of the next import stays there, and what to do. The job never deletes a table: it would need
     * dynamodb:DeleteTable on the new account's table, which outlives the migration and serves the application.
     */
    private static String tableInTheWay(Options o, JsonNode failed, TableDescription table) {
        String importArn = failed.path("importArn").asText();
        if (!table.tableId().equals(failed.path("tableId").asText())) {
            return "The new table " + o.targetTable() + " exists (TableId " + table.tableId() + "), but it is not the table the failed"
                    + " import " + importArn + " created (TableId " + failed.path("tableId").asText() + "): something else created it"
                    + " since, and the job leaves it alone. ImportTable needs a table that does not exist: move its data elsewhere and"
                    + " delete it, or import under another --target-table; then run this command again";
        }
        return "The failed import " + importArn + " left the new table " + o.targetTable() + " behind (TableId " + table.tableId()
                + ", created by that import, holding the " + failed.path("importedItemCount").asLong() + " items it imported before"
                + " failing). ImportTable needs a table that does not exist, and the job never deletes tables. Once nothing else"
                + " writes to it, delete it in the new account (aws dynamodb delete-table --table-name " + o.targetTable()
                + ") and run this command again: it starts a new import from the same export";
    }

    /** The new table as the legacy one is keyed: key schema, key attribute definitions, billing mode and global indexes. */
    private TableCreationParameters creationParameters(Options o) {
        TableDescription source = legacy.describeTable(b -> b.tableName(o.sourceTable())).table();
        TableCreationParameters.Builder b = TableCreationParameters.builder().tableName(o.targetTable())
                .keySchema(source.keySchema()).attributeDefinitions(source.attributeDefinitions());
        boolean onDemand = source.billingModeSummary() != null
                && "PAY_PER_REQUEST".equals(source.billingModeSummary().billingModeAsString());
        if (onDemand) {
            b.billingMode("PAY_PER_REQUEST");
        } else {
            b.billingMode("PROVISIONED").provisionedThroughput(p -> p.readCapacityUnits(source.provisionedThroughput().readCapacityUnits())
                    .writeCapacityUnits(source.provisionedThroughput().writeCapacityUnits()));
        }
        if (source.hasGlobalSecondaryIndexes() && !source.globalSecondaryIndexes().isEmpty()) {
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            source.globalSecondaryIndexes().forEach(i -> indexes.add(GlobalSecondaryIndex.builder().indexName(i.indexName())
                    .keySchema(i.keySchema()).projection(i.projection())
                    .provisionedThroughput(onDemand ? null : software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput.builder()
                            .readCapacityUnits(i.provisionedThroughput().readCapacityUnits())
                            .writeCapacityUnits(i.provisionedThroughput().writeCapacityUnits()).build()).build()));
            b.globalSecondaryIndexes(indexes);
        }
        return b.build();
    }

    /**
     * Describes the export or import every {@code pollInterval} until it has finished, for at most {@code timeout}: a
     * resilience4j Retry on the result ({@value RetryPolicies#EXPORT_IMPORT_WAIT}), no exception retried (the SDK's).
     */
    private <T> T waitFor(Options o, String step, Supplier<T> describe, Predicate<T> finished) {
        Retry wait = Retry.of(RetryPolicies.EXPORT_IMPORT_WAIT, RetryPolicies.untilFinished(o.pollInterval(), o.timeout(), finished));
        T last = Retry.decorateSupplier(wait, describe).get();
        if (!finished.test(last)) {
            throw new MigrationException("the " + step + " is still running after " + o.timeout() + "; it goes on in AWS: run this"
                    + " command again to wait for it (the state file " + o.stateFile() + " remembers it)");
        }
        return last;
    }

    private static Optional<TableDescription> describeTable(DynamoDbClient client, String table) {
        try {
            return Optional.of(client.describeTable(b -> b.tableName(table)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static boolean tableExists(DynamoDbClient client, String table) {
        try {
            client.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** A client token from the job: a re-run after a crash between the call and the state's save gets the same export back. */
    private static String token(String step, Options o) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((step + "|" + o.sourceTable() + "|" + o.targetTable() + "|"
                    + o.bucket() + "|" + o.prefix()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode loadState(Options o) {
        if (!Files.exists(o.stateFile())) {
            ObjectNode state = Json.MAPPER.createObjectNode().put("sourceTable", o.sourceTable()).put("targetTable", o.targetTable())
                    .put("bucket", o.bucket()).put("prefix", o.prefix());
            state.putObject("steps");
            return state;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(o.stateFile().toFile());
            if (!(node instanceof ObjectNode state) || !o.sourceTable().equals(state.path("sourceTable").asText())
                    || !o.targetTable().equals(state.path("targetTable").asText())) {
                throw new CheckpointException(o.stateFile().toString(), "the state file " + o.stateFile() + " belongs to another job"
                        + " (not " + o.sourceTable() + " -> " + o.targetTable() + "); pass --checkpoint with another file");
            }
            if (!state.has("steps")) {
                state.putObject("steps");
            }
            return state;
        } catch (IOException e) {
            throw new CheckpointException(o.stateFile().toString(), "cannot read the state file " + o.stateFile() + ": " + e.getMessage()
                    + "; fix or delete it (deleting starts the job over)", e);
        }
    }

    private static void save(Options o, ObjectNode state) {
        try {
            if (o.stateFile().getParent() != null) {
                Files.createDirectories(o.stateFile().getParent());
            }
            DurableFiles.writeAtomically(o.stateFile(), Json.MAPPER.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new CheckpointException(o.stateFile().toString(), "cannot write the state file " + o.stateFile() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void done(Options o, ObjectNode state, String step, ObjectNode details) {
        details.put("status", "done");
        steps(state).set(step, details);
        save(o, state);
        event(o, "done", step, "");
    }

    private static void skipped(Options o, String step) {
        event(o, "skipped", step, "\"reason\":\"done in an earlier run\"");
    }

    private static void event(Options o, String event, String step, String extra) {
        o.log().println("{\"event\":\"" + event + "\",\"step\":\"" + step + "\",\"job\":\"" + o.sourceTable() + "->" + o.targetTable()
                + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}");
        o.log().flush();
    }

    private static ObjectNode steps(ObjectNode state) {
        return (ObjectNode) state.get("steps");
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
