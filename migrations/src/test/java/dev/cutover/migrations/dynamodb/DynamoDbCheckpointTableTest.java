package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.internal.Checkpoint;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code --checkpoint-table}: the checkpoint as one conditional item in the new account instead of a file. */
class DynamoDbCheckpointTableTest {
    private static final String CHECKPOINTS = "cutover-checkpoints";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        Map<String, String[]> tables = TestWorld.pairedTables("resumed", "corrupt", "wrongtype");
        world = new TestWorld(SANDBOX.sandbox(), dir, tables);
        TestWorld.createTable(world.newRoot, CHECKPOINTS, "job", ScalarAttributeType.S);
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    private static void createPair(String name, int items) throws Exception {
        TestWorld.createTable(world.legacyRoot, "legacy-" + name, "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-" + name, "id", ScalarAttributeType.S);
        TestWorld.seed(world.legacyRoot, "legacy-" + name, items, 1);
    }

    private static Optional<Checkpoint> savedCheckpoint(String name) {
        Map<String, AttributeValue> item = world.newRoot.getItem(r -> r.tableName(CHECKPOINTS).consistentRead(true)
                .key(Map.of("job", AttributeValue.fromS("legacy-" + name + "->new-" + name)))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(Checkpoint.fromJson(item.get("checkpoint").b().asByteArray()));
    }

    @Test
    void migrateDynamoDb_withCheckpointTable_whenKilledAndRerun_resumesAndEndsEqual() throws Exception {
        int items = 6_000;
        createPair("resumed", items);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "dev.cutover.migrations.cli.MigrationsMain", "migrate", "dynamodb",
                "--config", world.configFile.toString(), "--endpoint", SANDBOX.sandbox().endpoint().toString(),
                "--source-table", "legacy-resumed", "--target-table", "new-resumed", "--segments", "4", "--page-size", "100",
                "--rate", "1000", "--checkpoint-table", CHECKPOINTS, "--dead-letter", dir.resolve("resumed.dead.jsonl").toString(),
                "--quiet");

        // GIVEN a run killed (SIGKILL: no final checkpoint) once its checkpoint item shows progress
        Process first = start(command, dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (savedCheckpoint("resumed").map(c -> c.totals().scanned()).orElse(0L) < 1_000 && System.nanoTime() < deadline) {
            assertThat(first.isAlive()).as(Files.readString(dir.resolve("first.log"))).isTrue();
            Thread.sleep(100);
        }
        first.destroyForcibly();
        first.waitFor();
        Checkpoint killed = savedCheckpoint("resumed").orElseThrow();
        assertThat(killed.isComplete()).isFalse();
        assertThat(killed.totals().scanned()).isBetween(1_000L, items - 1L);
        assertThat(dir.resolve(".cutover/checkpoints")).as("no checkpoint file next to the table's").doesNotExist();

        // WHEN the same command runs again
        Process second = start(command, dir.resolve("second.log"));
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("second.log"));

        // THEN it continues from the checkpoint item and the tables are equal
        assertThat(second.exitValue()).as(log).isZero();
        assertThat(log).contains("\"status\" : \"completed\"").contains("\"resumed\" : true")
                .contains("\"checkpoint\" : \"dynamodb table " + CHECKPOINTS + ", job legacy-resumed->new-resumed\"");
        long thisRun = Long.parseLong(log.replaceAll("(?s).*\"thisRunItems\" : (\\d+).*", "$1"));
        assertThat(thisRun).as("items scanned by the resumed run").isLessThanOrEqualTo(items - killed.totals().scanned() + 4 * 100);
        assertThat(savedCheckpoint("resumed").orElseThrow().isComplete()).isTrue();
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb()) {
            VerifyReport verify = new DynamoDbTableVerifier(legacy, target).verify("legacy-resumed", "new-resumed",
                    ItemTransform.identity(), 64, Optional.empty(), 5, Optional.empty());
            assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
            assertThat(verify.targetItems()).isEqualTo(items);
        }
    }

    @Test
    void copy_whenCheckpointItemIsCorrupt_failsClearlyAndWritesNothing() throws Exception {
        createPair("corrupt", 50);
        world.newRoot.putItem(r -> r.tableName(CHECKPOINTS).item(Map.of("job", AttributeValue.fromS("legacy-corrupt->new-corrupt"),
                "revision", AttributeValue.fromN("3"),
                "checkpoint", AttributeValue.fromB(SdkBytes.fromString("{\"sha256\":\"00\",\"checkpoint\":{\"format\":1}}",
                        StandardCharsets.UTF_8)))));

        assertCorruptAndNothingWritten("corrupt", "does not match its SHA-256");
    }

    @Test
    void copy_whenCheckpointItemHasTheWrongShape_failsClearlyAndWritesNothing() throws Exception {
        createPair("wrongtype", 50);
        world.newRoot.putItem(r -> r.tableName(CHECKPOINTS).item(Map.of("job", AttributeValue.fromS("legacy-wrongtype->new-wrongtype"),
                "revision", AttributeValue.fromN("1"), "checkpoint", AttributeValue.fromS("not binary"))));

        assertCorruptAndNothingWritten("wrongtype", "corrupt");
    }

    private static void assertCorruptAndNothingWritten(String name, String reason) {
        SANDBOX.sandbox().resetRequestCounts();
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb()) {
            DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable("legacy-" + name).targetTable("new-" + name)
                    .checkpointTable(CHECKPOINTS).deadLetterFile(dir.resolve(name + ".dead.jsonl"))
                    .log(new PrintWriter(new StringWriter())).quiet(true).build();
            assertThatThrownBy(() -> new DynamoDbTableCopier(legacy, target).copy(options))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("dynamodb table " + CHECKPOINTS + ", job legacy-" + name + "->new-" + name)
                    .hasMessageContaining("corrupt")
                    .hasMessageContaining(reason)
                    .hasMessageContaining("Nothing was written")
                    .hasMessageContaining("Delete the item");
        }
        assertThat(SANDBOX.sandbox().requestCount("dynamodb", "BatchWriteItem")).isZero();
        assertThat(TestWorld.count(world.newRoot, "new-" + name)).isZero();
    }

    private static Process start(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", world.sandbox.newAccountId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", world.sandbox.rootSecretKey(world.sandbox.newAccountId()));
        pb.environment().put("AWS_REGION", world.sandbox.region());
        pb.environment().remove("AWS_PROFILE");
        return pb.start();
    }
}
