package dev.cutover.migrations.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.Side;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.VerifyReport;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The replicator over HTTP against the sandbox, legacy side through the cross-account role, streams rolling over every 150 records. */
class DynamoDbStreamReplicatorTest {
    private static final String ROLLOVER = "cutover.sandbox.dynamodb.shardRolloverRecords";

    static {
        // Read when the sandbox starts (the extension's beforeAll): small shards, so every test crosses many parent/child edges.
        System.setProperty(ROLLOVER, "150");
    }

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("concurrent", "killed", "snapshot", "keysonly"));
        world.grantReplication();
    }

    @AfterAll
    static void tearDown() {
        System.clearProperty(ROLLOVER);
        world.close();
    }

    private static ReplicationOptions.Builder options(String name, StringWriter log) {
        return ReplicationOptions.builder().sourceTable("legacy-" + name).targetTable("new-" + name)
                .checkpointTable(ReplicationFixtures.CHECKPOINTS).log(new PrintWriter(log, true)).statusInterval(Duration.ZERO);
    }

    @Test
    void replicate_whenLegacyIsWrittenDuringCopyAndReplication_convergesToEqualAcrossShardRollovers() throws Exception {
        ReplicationFixtures.createPair(world, "concurrent");
        TestWorld.seed(world.legacyRoot, "legacy-concurrent", 400, 1);
        StringWriter log = new StringWriter();
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.replicationFactory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, target, target);
            // GIVEN the position recorded, then a copy and a first catch-up while a writer puts, updates and deletes
            replicator.recordPosition(options("concurrent", log).build());
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() ->
                    ReplicationFixtures.writeMix(world.legacyRoot, "legacy-concurrent", 500, 2_000, 42));
            new DynamoDbTableCopier(legacy, target).copy(DynamoDbCopyOptions.builder().sourceTable("legacy-concurrent")
                    .targetTable("new-concurrent").checkpointFile(dir.resolve("concurrent.json"))
                    .deadLetterFile(dir.resolve("concurrent.dead.jsonl")).pageSize(100).log(new PrintWriter(new StringWriter()))
                    .quiet(true).build());
            ReplicationReport during = replicator.replicate(options("concurrent", log).build());
            writer.get(60, TimeUnit.SECONDS);

            // WHEN the writes have stopped and it catches up
            ReplicationReport after = replicator.replicate(options("concurrent", log).build());

            // THEN the tables are equal, after crossing many shards, and the status says so
            assertThat(during.records() + after.records()).as(log.toString()).isGreaterThanOrEqualTo(1_500);
            assertThat(during.shardsCompleted() + after.shardsCompleted()).isGreaterThanOrEqualTo(10);
            assertThat(after.caughtUp()).isTrue();
            VerifyReport verify = ReplicationFixtures.verify(world, "concurrent");
            assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
            ReplicationStatus status = DynamoDbStreamReplicator.status(world.newRoot, ReplicationFixtures.CHECKPOINTS,
                    "legacy-concurrent", "new-concurrent").orElseThrow();
            assertThat(status.caughtUp()).isTrue();
            assertThat(status.lagMillis()).isZero();
            assertThat(status.lastAppliedSequence()).isNotNull();
            assertThat(log.toString()).contains("\"event\":\"replication-status\"").contains("\"ReplicationLag\"");
        }
    }

    @Test
    void replicate_whenKilledAtSeveralPointsAndRerun_losesNothing() throws Exception {
        ReplicationFixtures.createPair(world, "killed");
        StringWriter log = new StringWriter();
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.replicationFactory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            new DynamoDbStreamReplicator(legacy, streams, target, target).recordPosition(options("killed", log).build());
        }
        ReplicationFixtures.writeMix(world.legacyRoot, "legacy-killed", 1_000, 4_000, 7);
        List<String> command = ReplicationFixtures.cli(world, "replicate", "dynamodb", "--source-table", "legacy-killed",
                "--target-table", "new-killed", "--checkpoint-table", ReplicationFixtures.CHECKPOINTS, "--until-caught-up");
        // Writes to the new account take 15 ms per call, so a run lasts long enough to be killed part-way.
        SANDBOX.sandbox().faults().forAccount(world.sandbox.newAccountId()).latency("dynamodb", Duration.ofMillis(15));
        try {
            long previous = 0;
            for (long killAt : new long[] {800, 2_000}) {
                // GIVEN a replicator killed with SIGKILL once its checkpoint has passed killAt records
                Path out = dir.resolve("killed-" + killAt + ".log");
                Process p = ReplicationFixtures.start(world, dir, command, out);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (applied("killed") < killAt && System.nanoTime() < deadline) {
                    assertThat(p.isAlive()).as(Files.readString(out)).isTrue();
                    Thread.sleep(50);
                }
                assertThat(p.isAlive()).as("still running when killed: " + Files.readString(out)).isTrue();
                p.destroyForcibly();
                p.waitFor();
                long at = applied("killed");
                assertThat(at).as("checkpoint after the kill").isGreaterThanOrEqualTo(Math.max(previous, killAt));
                previous = at;
            }
        } finally {
            SANDBOX.sandbox().faults().clear();
        }

        // WHEN the same command runs to the end
        Path out = dir.resolve("killed-last.log");
        Process last = ReplicationFixtures.start(world, dir, command, out);
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // THEN it resumed from the checkpoint and the tables are equal
        assertThat(last.exitValue()).as(Files.readString(out)).isZero();
        assertThat(Files.readString(out)).contains("\"status\" : \"caught-up\"");
        VerifyReport verify = ReplicationFixtures.verify(world, "killed");
        assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
    }

    @Test
    void migrateDynamoDb_withReplicateAndWritesDuringTheCopy_endsEqual() throws Exception {
        ReplicationFixtures.createPair(world, "snapshot");
        TestWorld.seed(world.legacyRoot, "legacy-snapshot", 1_000, 1);
        List<String> command = ReplicationFixtures.cli(world, "migrate", "dynamodb", "--source-table", "legacy-snapshot",
                "--target-table", "new-snapshot", "--replicate", "--checkpoint-table", ReplicationFixtures.CHECKPOINTS,
                "--page-size", "50", "--segments", "2", "--rate", "1000", "--dead-letter", dir.resolve("snapshot.dead.jsonl").toString(),
                "--quiet");
        Path out = dir.resolve("snapshot.log");

        // GIVEN writes hitting legacy while migrate --replicate records the position and copies
        Process p = ReplicationFixtures.start(world, dir, command, out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(out).contains("position-recorded") && System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(Files.readString(out)).isTrue();
            Thread.sleep(20);
        }
        ReplicationFixtures.writeMix(world.legacyRoot, "legacy-snapshot", 1_200, 800, 99);

        // WHEN it has copied and caught up (what the writer did after its catch-up is replicated by one more run)
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(out);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("\"status\" : \"completed\"").contains("\"status\" : \"caught-up\"");
        Process again = ReplicationFixtures.start(world, dir, ReplicationFixtures.cli(world, "replicate", "dynamodb", "--source-table",
                "legacy-snapshot", "--target-table", "new-snapshot", "--checkpoint-table", ReplicationFixtures.CHECKPOINTS),
                dir.resolve("snapshot-again.log"));
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(Files.readString(dir.resolve("snapshot-again.log"))).isZero();

        // THEN the tables are equal, with no version attribute compared
        VerifyReport verify = ReplicationFixtures.verify(world, "snapshot");
        assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
    }

    @Test
    void replicate_whenStreamIsKeysOnly_refusesBeforeWriting() {
        TestWorld.createTable(world.legacyRoot, "legacy-keysonly", "id", ScalarAttributeType.S);
        world.legacyRoot.updateTable(r -> r.tableName("legacy-keysonly")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.replicationFactory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, target, target);
            assertThatThrownBy(() -> replicator.recordPosition(options("keysonly", new StringWriter()).build()))
                    .isInstanceOf(PreflightException.class).hasMessageContaining("StreamViewType KEYS_ONLY")
                    .hasMessageContaining("NEW_AND_OLD_IMAGES");
        }
    }

    private static long applied(String name) {
        return DynamoDbStreamReplicator.status(world.newRoot, ReplicationFixtures.CHECKPOINTS, "legacy-" + name, "new-" + name)
                .map(ReplicationStatus::appliedRecords).orElse(0L);
    }
}
