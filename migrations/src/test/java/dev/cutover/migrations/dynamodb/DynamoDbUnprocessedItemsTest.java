package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.cli.ExitCodes;
import dev.cutover.migrations.cli.MigrationsMain;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * BatchWriteItem's partial success (HTTP 200 with UnprocessedItems, which the SDK does not retry): the copy
 * re-sends with backoff, and dead-letters what is still unprocessed after maxUnprocessedRetries rounds.
 */
class DynamoDbUnprocessedItemsTest {
    private static final Pattern KEY = Pattern.compile("\"item\":\\{.*\"id\":\\{\"S\":\"(item-\\d{7})\"\\}");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;
    static DynamoDbClient legacy;
    static DynamoDbClient target;

    @BeforeAll
    static void setUp() throws Exception {
        Map<String, String[]> tables = TestWorld.pairedTables("partial", "dead", "cli");
        world = new TestWorld(SANDBOX.sandbox(), dir, tables);
        legacy = world.legacyDynamoDb();
        target = world.newDynamoDb();
    }

    @AfterAll
    static void tearDown() {
        legacy.close();
        target.close();
        world.close();
    }

    private static void createPair(String name, int items) throws Exception {
        TestWorld.createTable(world.legacyRoot, "legacy-" + name, "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-" + name, "id", ScalarAttributeType.S);
        TestWorld.seed(world.legacyRoot, "legacy-" + name, items, 1);
    }

    private static DynamoDbCopyOptions.Builder options(String name) {
        return DynamoDbCopyOptions.builder().sourceTable("legacy-" + name).targetTable("new-" + name)
                .checkpointFile(dir.resolve(name + ".checkpoint.json")).deadLetterFile(dir.resolve(name + ".dead.jsonl"))
                .log(new PrintWriter(new StringWriter())).quiet(true);
    }

    @Test
    void copy_whenAThirdOfEachBatchComesBackUnprocessed_retriesUntilNothingIsLost() throws Exception {
        int items = 1_000;
        createPair("partial", items);
        SANDBOX.sandbox().resetRequestCounts();
        SANDBOX.sandbox().faults().unprocessedItems("dynamodb", 0.3);

        // An item is dead-lettered only if left out 26 times in a row: 0.3^26 x 1,000 items ~ 3e-11, so never in practice
        // (with the default 10 retries it would be 0.3^11 x 1,000 ~ 0.2% of runs: a flaky test).
        CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options("partial").pageSize(100).segments(4)
                .maxUnprocessedRetries(25).build());
        SANDBOX.sandbox().faults().clear();

        assertThat(report.status()).isEqualTo("completed");
        assertThat(report.written()).isEqualTo(items);
        assertThat(report.deadLettered()).isZero();
        // 40 batches of 25 at 0.3: a batch comes back whole with probability 0.7^25 ~ 1e-4, so nearly every batch retries.
        assertThat(report.unprocessedRetries()).isGreaterThanOrEqualTo(30);
        assertThat(SANDBOX.sandbox().requestCount("dynamodb", "BatchWriteItem"))
                .as("every retry round is one more BatchWriteItem").isGreaterThanOrEqualTo(40 + report.unprocessedRetries());
        assertThat(dir.resolve("partial.dead.jsonl")).doesNotExist();
        VerifyReport verify = new DynamoDbTableVerifier(legacy, target).verify("legacy-partial", "new-partial", ItemTransform.identity(),
                64, Optional.empty(), 5, Optional.empty());
        assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
        assertThat(verify.targetItems()).isEqualTo(items);
    }

    @Test
    void copy_whenEveryBatchStaysUnprocessed_deadLettersEveryItemAfterMaxRetries() throws Exception {
        int items = 60;
        createPair("dead", items);
        SANDBOX.sandbox().resetRequestCounts();
        SANDBOX.sandbox().faults().unprocessedItems("dynamodb", 1.0);

        CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options("dead").segments(1).maxUnprocessedRetries(2).build());
        SANDBOX.sandbox().faults().clear();

        assertThat(report.status()).isEqualTo("completed-with-dead-letters");
        assertThat(report.hasDeadLetters()).isTrue();
        assertThat(report.written()).isZero();
        assertThat(report.deadLettered()).isEqualTo(items);
        // batches of 25, 25 and 10, each sent once and re-sent twice
        assertThat(report.unprocessedRetries()).isEqualTo(3 * 2);
        assertThat(SANDBOX.sandbox().requestCount("dynamodb", "BatchWriteItem")).isEqualTo(3 * 3);
        List<String> lines = Files.readAllLines(dir.resolve("dead.dead.jsonl"));
        assertThat(lines).hasSize(items).allSatisfy(line -> assertThat(line).contains("\"reason\":\"UnprocessedItems after 2 retries\""));
        assertThat(keys(lines)).isEqualTo(expectedKeys(items));
        assertThat(TestWorld.count(world.newRoot, "new-dead")).isZero();
    }

    @Test
    void migrateDynamoDb_whenItemsAreDeadLettered_exitsWithDeadLettersCodeAndReportsThem() throws Exception {
        int items = 30;
        createPair("cli", items);
        Path report = dir.resolve("cli.report.json");
        Path deadLetters = dir.resolve("cli.dead.jsonl");
        SANDBOX.sandbox().faults().unprocessedItems("dynamodb", 1.0);

        int exit = migrateDynamoDb("--source-table", "legacy-cli", "--target-table", "new-cli", "--max-unprocessed-retries", "1",
                "--checkpoint", dir.resolve("cli.checkpoint.json").toString(), "--dead-letter", deadLetters.toString(),
                "--report", report.toString(), "--quiet");
        SANDBOX.sandbox().faults().clear();

        assertThat(exit).isEqualTo(ExitCodes.DEAD_LETTERS).isNotZero();
        String json = Files.readString(report);
        assertThat(json).contains("\"status\" : \"completed-with-dead-letters\"").contains("\"deadLettered\" : " + items)
                .contains("\"written\" : 0").contains("\"deadLetterFile\" : \"" + deadLetters);
        assertThat(keys(Files.readAllLines(deadLetters))).isEqualTo(expectedKeys(items));
    }

    private static int migrateDynamoDb(String... args) {
        String account = SANDBOX.sandbox().newAccountId();
        System.setProperty("aws.accessKeyId", account);
        System.setProperty("aws.secretAccessKey", SANDBOX.sandbox().rootSecretKey(account));
        try {
            CommandLine cl = MigrationsMain.commandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            List<String> command = new java.util.ArrayList<>(List.of("migrate", "dynamodb", "--config", world.configFile.toString(),
                    "--endpoint", SANDBOX.sandbox().endpoint().toString()));
            command.addAll(List.of(args));
            return cl.execute(command.toArray(String[]::new));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private static Set<String> keys(List<String> deadLetterLines) {
        Set<String> keys = new TreeSet<>();
        for (String line : deadLetterLines) {
            Matcher m = KEY.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            keys.add(m.group(1));
        }
        return keys;
    }

    private static Set<String> expectedKeys(int items) {
        Set<String> keys = new TreeSet<>();
        IntStream.range(0, items).forEach(i -> keys.add(String.format("item-%07d", i)));
        return keys;
    }
}
