package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.internal.Checkpoint;
import dev.cutover.sandbox.SandboxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** kill -9 at random moments: the same command, run again, finishes with exactly the source's data. */
class DynamoDbCopyResumeTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @Test
    void copy_whenKilledAtRandomMomentsAndRerun_endsWithExactlyTheSourceData(@TempDir Path dir) throws Exception {
        killAndRerun(dir, "resume", 0, List.of());
    }

    /**
     * With 30% of every BatchWriteItem left unprocessed, many pages are in flight at each kill, settling out of order
     * while their batches back off: a checkpoint that moved past any of their items would lose them.
     */
    @Test
    void copy_whenAThirdIsUnprocessedAndKilledAtRandomMoments_loseNothing(@TempDir Path dir) throws Exception {
        // 26 sends of one item all unprocessed: 0.3^26 x 20,000 ~ 5e-10, so no dead letter by chance
        killAndRerun(dir, "partial", 0.3, List.of("--max-unprocessed-retries", "25"));
    }

    private static void killAndRerun(Path dir, String name, double unprocessed, List<String> extraArgs) throws Exception {
        int items = Integer.getInteger("cutover.test.resumeItems", 20_000);
        try (TestWorld world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables(name))) {
            TestWorld.createTable(world.legacyRoot, "legacy-" + name, "id", ScalarAttributeType.S);
            TestWorld.createTable(world.newRoot, "new-" + name, "id", ScalarAttributeType.S);
            TestWorld.seed(world.legacyRoot, "legacy-" + name, items, 1);
            if (unprocessed > 0) {
                SANDBOX.sandbox().faults().unprocessedItems("dynamodb", unprocessed);
            }
            try {
                killAndRerun(dir, name, items, unprocessed > 0, extraArgs, world);
            } finally {
                SANDBOX.sandbox().faults().clear();
            }
        }
    }

    private static void killAndRerun(Path dir, String name, int items, boolean faulty, List<String> extraArgs, TestWorld world)
            throws Exception {
        Path checkpoint = dir.resolve(name + ".checkpoint.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "dev.cutover.migrations.cli.MigrationsMain", "migrate", "dynamodb",
                "--config", world.configFile.toString(), "--endpoint", SANDBOX.sandbox().endpoint().toString(),
                "--source-table", "legacy-" + name, "--target-table", "new-" + name, "--segments", "6", "--page-size", "250",
                "--rate", "2000", "--checkpoint", checkpoint.toString(), "--dead-letter", dir.resolve("dead.jsonl").toString(),
                        "--quiet"));
        command.addAll(extraArgs);

        // Each round is killed (SIGKILL) a random 0-400 ms after its own run has checkpointed progress, so the kill
        // lands mid-copy however long the JVM took to start on a loaded machine.
        int interrupted = 0;
        boolean finishedBeforeAKill = false;
        List<Long> killedAfter = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            long scannedBefore = scanned(checkpoint);
            Process p = start(command, world, dir.resolve("run-" + round + ".log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            boolean exited = false;
            while (scanned(checkpoint) <= scannedBefore) {
                if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                    exited = true;
                    break;
                }
                assertThat(System.nanoTime()).as("round %d checkpointed no progress within 90 s", round).isLessThan(deadline);
            }
            long delay = ThreadLocalRandom.current().nextLong(0, 400);
            if (exited || p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                finishedBeforeAKill = true; // the resumed run completed the copy: nothing left to interrupt
                break;
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no final checkpoint
            p.waitFor();
            killedAfter.add(delay);
            Optional<Checkpoint> saved = Files.exists(checkpoint)
                    ? Optional.of(Checkpoint.fromJson(Files.readAllBytes(checkpoint))) : Optional.empty();
            if (saved.isPresent() && !saved.get().isComplete()) {
                interrupted++;
            }
        }
        Process last = start(command, world, dir.resolve("run-final.log"));
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("run-final.log"));
        assertThat(last.exitValue()).as(log).isZero();

        System.out.println("killed " + killedAfter + " ms after progress; " + interrupted + " kills left an incomplete checkpoint");
        assertThat(interrupted).as("kills that landed in the middle of the copy").isGreaterThanOrEqualTo(2);
        // The same command once more: it completes what is left or, when a resumed run already finished, says so.
        assertThat(log).contains(finishedBeforeAKill ? "\"status\" : \"already-complete\"" : "\"status\" : \"completed\"")
                .contains("\"resumed\" : true");
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb()) {
            VerifyReport verify = new DynamoDbTableVerifier(legacy, target).verify("legacy-" + name, "new-" + name,
                    ItemTransform.identity(),
                    256, Optional.empty(), 5, Optional.empty());
            assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
            assertThat(verify.targetItems()).isEqualTo(items);
        }
        Checkpoint done = Checkpoint.fromJson(Files.readAllBytes(checkpoint));
        assertThat(done.isComplete()).isTrue();
        assertThat(done.totals().deadLettered()).isZero();
        if (faulty) {
            assertThat(done.totals().unprocessedRetries()).as("the fault was on: batches were re-sent").isPositive();
        }
    }

    /** Items scanned so far by the checkpoint on disk (0 when there is none yet, or it is being replaced). */
    private static long scanned(Path checkpoint) {
        try {
            return Files.exists(checkpoint) ? Checkpoint.fromJson(Files.readAllBytes(checkpoint)).totals().scanned() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Process start(List<String> command, TestWorld world, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", world.sandbox.newAccountId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", world.sandbox.rootSecretKey(world.sandbox.newAccountId()));
        pb.environment().put("AWS_REGION", world.sandbox.region());
        pb.environment().remove("AWS_PROFILE");
        return pb.start();
    }
}
