package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.internal.Json;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code migrate dynamodb --via-export} end to end in the sandbox: the legacy role exports into the new account's bucket
 * (allowed by its bucket policy), the new table is imported, the writes made between the stream position and the export's
 * snapshot and after it are caught up from the stream, and verify says EQUAL; a re-run resumes from the state file.
 */
class ExportImportMigrationTest {

    private static final String PREFIX = "cutover-export";
    private static final String CHECKPOINTS = "cutover-checkpoints";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;
    static String bucket;
    /** The new account's migration role, with Permissions.forImportTarget for the tables these tests import. */
    static AwsClientFactory asMigrationRole;
    /** The same, without dynamodb:ImportTable. */
    static AwsClientFactory asRoleWithoutImportTable;

    @BeforeAll
    static void setUp() throws Exception {
        world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("exported", "nopitr", "taken", "cli", "damaged", "denied"));
        bucket = "cutover-exports-" + UUID.randomUUID();
        try (S3Client s3 = S3Client.builder().forcePathStyle(true).endpointOverride(world.sandbox.endpoint())
                .region(Region.of(world.sandbox.region())).credentialsProvider(world.newCredentials()).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            String role = "arn:aws:iam::" + world.sandbox.legacyAccountId() + ":role/" + world.migrationRoleName();
            s3.putBucketPolicy(b -> b.bucket(bucket).policy("""
                    {"Version": "2012-10-17", "Statement": [{"Sid": "LegacyExportWrites", "Effect": "Allow",
                      "Principal": {"AWS": "%s"}, "Action": ["s3:PutObject", "s3:AbortMultipartUpload"],
                      "Resource": "arn:aws:s3:::%s/%s/*"}]}""".formatted(role, bucket, PREFIX)));
        }
        world.grantExport(bucket, PREFIX);
        // the new account's side runs as the migration role with exactly the derived grants, as the CDK app makes it
        world.newRoot.createTable(r -> r.tableName(CHECKPOINTS).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("job").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("job").keyType(KeyType.HASH)));
        Permissions permissions = new Permissions(world.config);
        asMigrationRole = world.newAccountMigrationRole("cutover-migration", CHECKPOINTS,
                permissions.forImportTarget(bucket, PREFIX, List.of("exported", "damaged", "denied")));
        List<Permission> withoutImportTable = permissions.forImportTarget(bucket, PREFIX, List.of("denied")).stream()
                .filter(p -> !p.action().equals("dynamodb:ImportTable")).toList();
        asRoleWithoutImportTable = world.newAccountMigrationRole("cutover-migration-noimport", CHECKPOINTS, withoutImportTable);
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    private static void legacyTable(String name, boolean pitr, int items) throws Exception {
        TestWorld.createTable(world.legacyRoot, name, "id", ScalarAttributeType.S);
        world.legacyRoot.updateTable(r -> r.tableName(name)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        if (pitr) {
            world.legacyRoot.updateContinuousBackups(r -> r.tableName(name)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        }
        TestWorld.seed(world.legacyRoot, name, items, 1);
    }

    private static ExportImportMigration.Options options(String name, Path state, StringWriter log) {
        PrintWriter writer = new PrintWriter(log, true);
        ReplicationOptions replication = ReplicationOptions.builder().sourceTable("legacy-" + name).targetTable("new-" + name)
                .checkpointTable(CHECKPOINTS).log(writer).statusInterval(Duration.ZERO).build();
        return new ExportImportMigration.Options("legacy-" + name, "new-" + name, bucket, world.sandbox.newAccountId(), PREFIX, state,
                replication, Duration.ofMillis(50), Duration.ofMinutes(2), writer);
    }

    /** Puts, updates and deletes on keys 0..keys-1, chosen by {@code seed}. */
    private static void writeMix(String table, int keys, int ops, long seed) {
        Random random = new Random(seed);
        for (int op = 0; op < ops; op++) {
            int i = random.nextInt(keys);
            int kind = random.nextInt(3);
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(String.format("item-%07d", i)));
            if (kind == 0) {
                world.legacyRoot.putItem(r -> r.tableName(table).item(TestWorld.item(i, random.nextInt(1000))));
            } else if (kind == 1) {
                world.legacyRoot.updateItem(r -> r.tableName(table).key(key).updateExpression("SET touched = :t")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("seed-" + seed))));
            } else {
                world.legacyRoot.deleteItem(r -> r.tableName(table).key(key));
            }
        }
    }

    /** The legacy client, with {@code before} run just before ExportTableToPointInTime and {@code after} just after it. */
    private static DynamoDbClient aroundExport(DynamoDbClient delegate, AtomicInteger exports, Runnable before, Runnable after) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    boolean export = "exportTableToPointInTime".equals(method.getName());
                    if (export) {
                        exports.incrementAndGet();
                        before.run();
                    }
                    try {
                        Object result = method.invoke(delegate, args);
                        if (export) {
                            after.run();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void run_withWritesBeforeAndAfterTheExportSnapshot_importsCatchesUpAndVerifiesEqual() throws Exception {
        // GIVEN a legacy table with PITR and a stream, and writes landing after the stream position: some before the
        // export's snapshot, some after it
        legacyTable("legacy-exported", true, 300);
        AtomicInteger exports = new AtomicInteger();
        Path state = dir.resolve("exported.json");
        StringWriter log = new StringWriter();
        try (DynamoDbClient role = asMigrationRole.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = asMigrationRole.build(DynamoDbClient.builder(), Side.NEW);
                DynamoDbStreamsClient streams = asMigrationRole.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            AtomicLong atSnapshot = new AtomicLong();
            DynamoDbClient legacy = aroundExport(role, exports, () -> {
                writeMix("legacy-exported", 400, 200, 7);
                atSnapshot.set(TestWorld.count(world.legacyRoot, "legacy-exported"));
            }, () -> writeMix("legacy-exported", 400, 200, 8));
            ExportImportMigration migration = new ExportImportMigration(legacy, fresh,
                    new DynamoDbStreamReplicator(legacy, streams, fresh, fresh));

            // WHEN the whole path runs
            ExportImportMigration.Report report = migration.run(options("exported", state, log));

            // THEN the new table was imported (by the new account's migration role), caught up from the stream and verified equal
            assertThat(report.equal()).as(report.toJson() + log).isTrue();
            assertThat(exports).hasValue(1);
            for (String step : ExportImportMigration.STEPS) {
                assertThat(report.state().path("steps").path(step).path("status").asText()).as(step).isEqualTo("done");
            }
            assertThat(report.state().path("steps").path("export").path("itemCount").asLong()).isEqualTo(atSnapshot.get());
            assertThat(report.state().path("steps").path("catch-up").path("report").path("records").asLong()).isPositive();
            assertThat(TestWorld.count(fresh, "new-exported")).isEqualTo(TestWorld.count(world.legacyRoot, "legacy-exported"));

            // AND a re-run resumes from the state file: no second export or import, and verify runs again
            StringWriter again = new StringWriter();
            ExportImportMigration.Report rerun = migration.run(options("exported", state, again));
            assertThat(rerun.equal()).isTrue();
            assertThat(exports).hasValue(1);
            assertThat(again.toString()).contains("{\"event\":\"skipped\",\"step\":\"export\"")
                    .contains("{\"event\":\"skipped\",\"step\":\"import\"");
            assertThat(Files.readString(state)).contains(report.state().path("steps").path("export").path("exportArn").asText());
        }
    }

    @Test
    void run_whenLegacyTableHasNoPointInTimeRecovery_refusesBeforeExporting() throws Exception {
        legacyTable("legacy-nopitr", false, 10);
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient fresh = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.factory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            ExportImportMigration migration = new ExportImportMigration(legacy, fresh,
                    new DynamoDbStreamReplicator(legacy, streams, fresh, fresh));

            assertThatThrownBy(() -> migration.run(options("nopitr", dir.resolve("nopitr.json"), new StringWriter())))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("point-in-time recovery is DISABLED")
                    .hasMessageContaining("update-continuous-backups --table-name legacy-nopitr");
            assertThat(dir.resolve("nopitr.json")).doesNotExist();
        }
    }

    @Test
    void run_whenTheNewTableExists_refusesAndSaysHowToLeaveItOutOfTheStack() throws Exception {
        legacyTable("legacy-taken", true, 10);
        TestWorld.createTable(world.newRoot, "new-taken", "id", ScalarAttributeType.S);
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient fresh = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.factory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            ExportImportMigration migration = new ExportImportMigration(legacy, fresh,
                    new DynamoDbStreamReplicator(legacy, streams, fresh, fresh));

            assertThatThrownBy(() -> migration.run(options("taken", dir.resolve("taken.json"), new StringWriter())))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("new-taken already exists")
                    .hasMessageContaining("-c importedTables=");
        }
    }

    @Test
    void migrateDynamoDbCommand_viaExport_runsEveryStepAndExitsZeroWhenEqual() throws Exception {
        legacyTable("legacy-cli", true, 120);
        Path state = dir.resolve("cli-state.json");
        Path out = dir.resolve("cli.out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "dev.cutover.migrations.cli.MigrationsMain", "migrate", "dynamodb", "--source-table", "legacy-cli", "--target-table",
                "new-cli", "--via-export", "--s3-bucket", bucket, "--s3-prefix", PREFIX, "--checkpoint", state.toString(),
                "--checkpoint-table", CHECKPOINTS, "--config", world.configFile.toString(), "--endpoint",
                world.sandbox.endpoint().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).directory(dir.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", world.sandbox.newAccountId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", world.sandbox.rootSecretKey(world.sandbox.newAccountId()));
        pb.environment().put("AWS_REGION", world.sandbox.region());
        pb.environment().remove("AWS_PROFILE");

        Process p = pb.start();

        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("\"verdict\" : \"EQUAL\"");
        for (String step : ExportImportMigration.STEPS) {
            assertThat(output).contains("{\"event\":\"done\",\"step\":\"" + step + "\"");
        }
        assertThat(TestWorld.count(world.newRoot, "new-cli")).isEqualTo(120);
    }

    /** The export's data files under the bucket: key to content. */
    private static Map<String, byte[]> dataFiles(S3Client s3) {
        Map<String, byte[]> files = new TreeMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(PREFIX + "/AWSDynamoDB/")).contents().stream()
                .filter(o -> o.key().contains("/data/"))
                .forEach(o -> files.put(o.key(), s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray()));
        return files;
    }

    private static S3Client bucketOwnerS3() {
        return S3Client.builder().forcePathStyle(true).endpointOverride(world.sandbox.endpoint())
                .region(Region.of(world.sandbox.region())).credentialsProvider(world.newCredentials()).build();
    }

    @Test
    void run_whenTheImportFails_recordsItSaysWhatToDeleteAndTheReRunImportsAgainOnceTheTableIsGone() throws Exception {
        // GIVEN an export whose data files get damaged before the import reads them
        legacyTable("legacy-damaged", true, 150);
        Path state = dir.resolve("damaged.json");
        Map<String, byte[]> originals = new TreeMap<>();
        try (S3Client s3 = bucketOwnerS3(); DynamoDbClient role = asMigrationRole.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = asMigrationRole.build(DynamoDbClient.builder(), Side.NEW);
                DynamoDbStreamsClient streams = asMigrationRole.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            Map<String, byte[]> before = dataFiles(s3);
            DynamoDbClient legacy = aroundExport(role, new AtomicInteger(), () -> { }, () -> {
                Map<String, byte[]> exported = dataFiles(s3);
                exported.keySet().removeAll(before.keySet());
                originals.putAll(exported);
                exported.keySet().forEach(key -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("damaged")));
            });
            ExportImportMigration migration = new ExportImportMigration(legacy, fresh,
                    new DynamoDbStreamReplicator(legacy, streams, fresh, fresh));

            // WHEN the path runs, THEN the import fails: the job says which table the import left and how to delete it
            assertThatThrownBy(() -> migration.run(options("damaged", state, new StringWriter())))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("ended FAILED (ItemValidationError")
                    .hasMessageContaining("left the new table new-damaged behind")
                    .hasMessageContaining("aws dynamodb delete-table --table-name new-damaged")
                    .hasMessageContaining("never deletes tables");
            assertThat(originals).isNotEmpty();
            JsonNode failed = Json.MAPPER.readTree(state.toFile()).path("steps").path("import");
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("failureCode").asText()).isEqualTo("ItemValidationError");
            assertThat(failed.path("tableLeftBehind").asBoolean()).isTrue();
            String leftTableId = world.newRoot.describeTable(b -> b.tableName("new-damaged")).table().tableId();
            assertThat(failed.path("tableId").asText()).isEqualTo(leftTableId);

            // AND a re-run while the table is still there refuses (exit 3) and deletes nothing
            assertThatThrownBy(() -> migration.run(options("damaged", state, new StringWriter())))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("delete-table --table-name new-damaged");
            assertThat(world.newRoot.describeTable(b -> b.tableName("new-damaged")).table().tableId()).isEqualTo(leftTableId);

            // AND once the table is deleted and the files are whole again, the re-run imports again (a new import, the same export)
            world.newRoot.deleteTable(b -> b.tableName("new-damaged"));
            originals.forEach((key, content) -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)));
            StringWriter log = new StringWriter();
            ExportImportMigration.Report report = migration.run(options("damaged", state, log));

            assertThat(report.equal()).as(report.toJson() + log).isTrue();
            assertThat(log.toString()).contains("{\"event\":\"retrying\",\"step\":\"import\"")
                    .contains("\"previousFailure\":\"ItemValidationError\"");
            JsonNode imported = report.state().path("steps").path("import");
            assertThat(imported.path("attempt").asInt()).isEqualTo(2);
            assertThat(imported.path("importArn").asText()).isNotEqualTo(failed.path("importArn").asText());
            assertThat(TestWorld.count(fresh, "new-damaged")).isEqualTo(TestWorld.count(world.legacyRoot, "legacy-damaged"));
        }
    }

    @Test
    void run_whenTheNewAccountRoleLacksImportTable_stopsAtTheImportNamingTheMissingGrant() throws Exception {
        legacyTable("legacy-denied", true, 20);
        Path state = dir.resolve("denied.json");
        try (DynamoDbClient legacy = asRoleWithoutImportTable.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = asRoleWithoutImportTable.build(DynamoDbClient.builder(), Side.NEW);
                DynamoDbStreamsClient streams = asRoleWithoutImportTable.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            ExportImportMigration migration = new ExportImportMigration(legacy, fresh,
                    new DynamoDbStreamReplicator(legacy, streams, fresh, fresh));

            assertThatThrownBy(() -> migration.run(options("denied", state, new StringWriter())))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("dynamodb:ImportTable")
                    .hasMessageContaining("table/new-denied")
                    .hasMessageContaining("Permissions.forImportTarget");
            JsonNode steps = Json.MAPPER.readTree(state.toFile()).path("steps");
            assertThat(steps.path("export").path("status").asText()).isEqualTo("done");
            assertThat(steps.has("import")).isFalse();
            assertThatThrownBy(() -> world.newRoot.describeTable(b -> b.tableName("new-denied")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
