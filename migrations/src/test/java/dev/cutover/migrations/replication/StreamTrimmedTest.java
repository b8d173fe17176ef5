package dev.cutover.migrations.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.Side;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.cli.ExitCodes;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A checkpoint older than the stream's oldest record: the documented error and exit code, on a sandbox whose clock the test moves. */
class StreamTrimmedTest {
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder().clock(CLOCK).build());

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("trimmed"));
        world.grantReplication();
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @Test
    void replicate_whenStreamWasTrimmedPastTheCheckpoint_exitsRecopyNeededWithTheTime() throws Exception {
        // GIVEN a position recorded, 50 writes replicated, then 30 more the replicator does not read for 25 hours
        ReplicationFixtures.createPair(world, "trimmed");
        List<String> replicate = ReplicationFixtures.cli(world, "replicate", "dynamodb", "--source-table", "legacy-trimmed",
                "--target-table", "new-trimmed", "--checkpoint-table", ReplicationFixtures.CHECKPOINTS);
        ReplicationOptions options = ReplicationOptions.builder().sourceTable("legacy-trimmed").targetTable("new-trimmed")
                .checkpointTable(ReplicationFixtures.CHECKPOINTS).build();
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.replicationFactory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, target, target);
            replicator.recordPosition(options);
            TestWorld.seed(world.legacyRoot, "legacy-trimmed", 50, 1);
            assertThat(replicator.replicate(options).records()).isEqualTo(50);
        }
        Instant lastApplied = CLOCK.instant();
        TestWorld.seed(world.legacyRoot, "legacy-trimmed", 30, 2);
        CLOCK.advance(Duration.ofHours(25));
        TestWorld.seed(world.legacyRoot, "legacy-trimmed", 1, 3);

        // WHEN it runs again
        int exit = run(replicate, "second.log");

        // THEN it refuses with the time since when changes may be missing, and writes nothing
        String log = Files.readString(dir.resolve("second.log"));
        assertThat(exit).as(log).isEqualTo(ExitCodes.RECOPY_NEEDED).isEqualTo(7);
        assertThat(log).contains("error: re-copy needed since " + lastApplied.truncatedTo(ChronoUnit.SECONDS))
                .contains("migrate dynamodb --replicate");
        assertThat(TestWorld.count(world.newRoot, "new-trimmed")).isEqualTo(50);
    }

    private static int run(List<String> command, String log) throws Exception {
        Process p = ReplicationFixtures.start(world, dir, command, dir.resolve(log));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** The sandbox's clock, moved by the test. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("tests use UTC");
        }
    }
}
