package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.cli.ExitCodes;
import dev.cutover.migrations.cli.MigrationsMain;
import dev.cutover.sandbox.SandboxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code --workers N --worker-index I}: N processes that share nothing but the checkpoint table copy one
 * table together; a killed worker is replaced by its index run again; {@code --stop-after} bounds a run
 * and {@code migrate status} reads the job from the checkpoint items alone.
 */
class DynamoDbCopyWorkersTest {
    private static final String CHECKPOINTS = "cutover-worker-checkpoints";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("workers", "bounded"));
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

    @Test
    void migrateDynamoDb_threeWorkerProcessesWithOneKilledAndRestarted_copyTheTableTogetherAndVerifyEqual() throws Exception {
        int items = 6_000;
        int workers = 3;
        createPair("workers", items);

        // GIVEN three worker processes sharing a 12-segment job, paced so that they run for a few seconds
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            running.add(start(workerCommand("workers", workers, i, "--rate", "700"), dir.resolve("worker-" + i + ".log")));
        }
        // WHEN worker 1 is killed (SIGKILL: no final save) once one of its segments shows progress
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (itemsOfWorker("workers", 1) < 300 && System.nanoTime() < deadline) {
            assertThat(running.get(1).isAlive()).as(Files.readString(dir.resolve("worker-1.log"))).isTrue();
            Thread.sleep(100);
        }
        running.get(1).destroyForcibly();
        running.get(1).waitFor();
        long killedAt = itemsOfWorker("workers", 1);
        assertThat(killedAt).as("worker 1's progress when killed").isBetween(300L, items / 3 - 1L);
        // ... and the same index is started again
        running.set(1, start(workerCommand("workers", workers, 1, "--rate", "700"), dir.resolve("worker-1-again.log")));

        // THEN every worker finishes its share, the replacement resumed worker 1's segments, and the copy is equal
        for (int i = 0; i < workers; i++) {
            assertThat(running.get(i).waitFor(120, TimeUnit.SECONDS)).as("worker " + i + " finished").isTrue();
            Path log = dir.resolve(i == 1 ? "worker-1-again.log" : "worker-" + i + ".log");
            assertThat(running.get(i).exitValue()).as(Files.readString(log)).isZero();
        }
        String again = Files.readString(dir.resolve("worker-1-again.log"));
        assertThat(again).contains("\"status\" : \"completed\"").contains("\"resumed\" : true").contains("\"workerIndex\" : 1")
                .contains("\"workerSegments\" : 4");
        long thisRun = Long.parseLong(again.replaceAll("(?s).*\"thisRunItems\" : (\\d+).*", "$1"));
        assertThat(thisRun).as("items the replacement scanned").isLessThanOrEqualTo(items / 3 - killedAt + 4 * 100 + 400);
        for (int s = 0; s < 12; s++) {
            Map<String, AttributeValue> segment = segmentItem("workers", s).orElseThrow();
            assertThat(segment.get("state").s()).isEqualTo("done");
            assertThat(segment.get("worker").n()).as("segment " + s + " was written by worker s %% 3").isEqualTo(Integer.toString(s % 3));
            assertThat(segment).containsKeys("items", "updatedAt", "revision");
        }
        Run status = status("workers");
        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.OK);
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out());
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("segmentsDone").asInt()).isEqualTo(12);
        assertThat(json.get("itemsCopied").asLong()).isBetween((long) items, items + 4L * 100);
        assertVerifyEqual("workers", items);
    }

    @Test
    void migrateDynamoDb_withStopAfter_stopsWithMoreToDoUntilBoundedRerunsOfEachWorkerFinish() throws Exception {
        int items = 2_000;
        createPair("bounded", items);
        List<String> exits = new ArrayList<>();
        boolean[] done = new boolean[2];
        JsonNode midway = null;

        // WHEN each of two workers runs again and again with a 2-second budget (startup included) at 300 items/s:
        // at most 600 of its 1,000 items a run
        for (int round = 0; round < 10 && !(done[0] && done[1]); round++) {
            for (int w = 0; w < 2; w++) {
                if (done[w]) {
                    continue;
                }
                List<String> args = new ArrayList<>(workerArgs("bounded", 2, w));
                args.addAll(List.of("--segments", "4", "--rate", "300", "--stop-after", "2s"));
                Run run = cli(args.toArray(String[]::new));
                exits.add("w" + w + ":" + run.exitCode());
                JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
                if (run.exitCode() == ExitCodes.MORE_TO_DO) {
                    // THEN a bounded run that stops early says so, in the exit code and the report
                    assertThat(report.get("status").asText()).isEqualTo("more-to-do");
                    assertThat(report.get("moreToDo").asBoolean()).isTrue();
                    if (midway == null && report.get("scanned").asLong() > 0) {
                        Run status = status("bounded");
                        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.MORE_TO_DO);
                        midway = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out());
                    }
                } else {
                    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.OK);
                    assertThat(report.get("moreToDo").asBoolean()).isFalse();
                    done[w] = true;
                }
            }
        }

        System.out.println("bounded runs (worker:exit): " + exits);
        assertThat(done).as("both workers finished within 10 rounds: " + exits).containsOnly(true);
        assertThat(exits).as("runs stopped by --stop-after").filteredOn(e -> e.endsWith(":" + ExitCodes.MORE_TO_DO))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(midway).as("status read while work was left").isNotNull();
        assertThat(midway.get("complete").asBoolean()).isFalse();
        assertThat(midway.get("segments").asInt()).isEqualTo(4);
        assertThat(midway.get("segmentsDone").asInt() + midway.get("segmentsInProgress").asInt()
                + midway.get("segmentsNotStarted").asInt()).isEqualTo(4);
        assertThat(midway.get("itemsCopied").asLong()).isBetween(1L, items - 1L);
        assertThat(midway.get("itemsPerSecond").asLong()).isPositive();
        assertThat(midway.get("etaSeconds").isNull()).as("an ETA once the source's item count or a done segment is known").isFalse();
        Run again = cli(workerArgs("bounded", 2, 0).toArray(String[]::new));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("\"status\" : \"already-complete\"");
        assertVerifyEqual("bounded", items);
    }

    private static void assertVerifyEqual(String name, int items) {
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb()) {
            VerifyReport verify = new DynamoDbTableVerifier(legacy, target).verify("legacy-" + name, "new-" + name,
                    ItemTransform.identity(), 64, Optional.empty(), 5, Optional.empty());
            assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
            assertThat(verify.targetItems()).isEqualTo(items);
        }
    }

    private static Run status(String name) {
        return cli("migrate", "status", "--config", world.configFile.toString(), "--endpoint", SANDBOX.sandbox().endpoint().toString(),
                "--source-table", "legacy-" + name, "--target-table", "new-" + name, "--checkpoint-table", CHECKPOINTS, "--json");
    }

    private static List<String> workerArgs(String name, int workers, int index) {
        return List.of("migrate", "dynamodb", "--config", world.configFile.toString(), "--endpoint",
                SANDBOX.sandbox().endpoint().toString(), "--source-table", "legacy-" + name, "--target-table", "new-" + name,
                "--page-size", "100", "--checkpoint-table", CHECKPOINTS, "--workers", Integer.toString(workers), "--worker-index",
                Integer.toString(index), "--dead-letter", dir.resolve(name + "-" + index + ".dead.jsonl").toString(), "--quiet");
    }

    private static List<String> workerCommand(String name, int workers, int index, String... more) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "dev.cutover.migrations.cli.MigrationsMain"));
        command.addAll(workerArgs(name, workers, index));
        command.addAll(List.of("--segments", "12"));
        command.addAll(List.of(more));
        return command;
    }

    private static Optional<Map<String, AttributeValue>> segmentItem(String name, int segment) {
        Map<String, AttributeValue> item = world.newRoot.getItem(r -> r.tableName(CHECKPOINTS).consistentRead(true)
                .key(Map.of("job", AttributeValue.fromS(String.format("legacy-%s->new-%s#segment-%06d", name, name, segment))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Items worker {@code index} of 3 has checkpointed in its segments (s % 3 == index of 12). */
    private static long itemsOfWorker(String name, int index) {
        long sum = 0;
        for (int s = index; s < 12; s += 3) {
            sum += segmentItem(name, s).map(i -> Long.parseLong(i.get("items").n())).orElse(0L);
        }
        return sum;
    }

    private static Process start(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", world.sandbox.newAccountId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", world.sandbox.rootSecretKey(world.sandbox.newAccountId()));
        pb.environment().put("AWS_REGION", world.sandbox.region());
        pb.environment().remove("AWS_PROFILE");
        return pb.start();
    }

    /** One in-process command: its exit code and what it printed. */
    record Run(int exitCode, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    /** Runs a command in-process with the new account's root credentials (the SDK's system properties), capturing its output. */
    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        String account = SANDBOX.sandbox().newAccountId();
        System.setProperty("aws.accessKeyId", account);
        System.setProperty("aws.secretAccessKey", SANDBOX.sandbox().rootSecretKey(account));
        System.setProperty("aws.region", SANDBOX.sandbox().region());
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            CommandLine cl = MigrationsMain.commandLine();
            exit = cl.execute(args);
            cl.getOut().flush();
            cl.getErr().flush();
            for (CommandLine c : cl.getSubcommands().get("migrate").getSubcommands().values()) {
                c.getOut().flush();
                c.getErr().flush();
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.region");
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
