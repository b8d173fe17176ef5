package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.cli.ExitCodes;
import dev.cutover.migrations.cli.MigrationsMain;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Copies through a transform (renames, drops, key mapping, a custom ItemTransform), then verify with the same one. */
class DynamoDbTransformTest {
    private static final int ITEMS = 500;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;
    static DynamoDbClient legacy;
    static DynamoDbClient target;

    @BeforeAll
    static void setUp() throws Exception {
        Map<String, String[]> tables = TestWorld.pairedTables("renamed", "rekeyed", "custom");
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

    private static DynamoDbCopyOptions.Builder options(String name) {
        return DynamoDbCopyOptions.builder().sourceTable("legacy-" + name).targetTable("new-" + name)
                .checkpointFile(dir.resolve(name + ".checkpoint.json")).deadLetterFile(dir.resolve(name + ".dead.jsonl"))
                .log(new PrintWriter(new StringWriter())).quiet(true);
    }

    private static VerifyReport verify(String name, ItemTransform transform) {
        return new DynamoDbTableVerifier(legacy, target).verify("legacy-" + name, "new-" + name, transform, 64, Optional.empty(), 5,
                Optional.empty());
    }

    private static Map<String, AttributeValue> targetItem(String name, String keyAttribute, int i) {
        return world.newRoot.getItem(r -> r.tableName("new-" + name).consistentRead(true)
                .key(Map.of(keyAttribute, AttributeValue.fromS(String.format("item-%07d", i))))).item();
    }

    @Test
    void copy_withRenameAndDrop_writesRenamedItemsAndVerifiesEqualWithTheSameTransform() throws Exception {
        TestWorld.createTable(world.legacyRoot, "legacy-renamed", "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-renamed", "id", ScalarAttributeType.S);
        TestWorld.seed(world.legacyRoot, "legacy-renamed", ITEMS, 1);
        AttributeRenames transform = AttributeRenames.parse(List.of("owner=ownerId"), List.of("payload"));

        CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options("renamed").transform(transform).build());

        assertThat(report.written()).isEqualTo(ITEMS);
        for (int i : new int[] {0, 7, 123, ITEMS - 1}) {
            // the source item as DynamoDB stores it (numbers normalized), renamed and trimmed by hand
            int n = i;
            Map<String, AttributeValue> expected = new HashMap<>(world.legacyRoot.getItem(r -> r.tableName("legacy-renamed")
                    .key(Map.of("id", AttributeValue.fromS(String.format("item-%07d", n))))).item());
            expected.put("ownerId", expected.remove("owner"));
            expected.remove("payload");
            assertThat(targetItem("renamed", "id", i)).as("item %d", i).isEqualTo(expected);
        }
        VerifyReport same = verify("renamed", transform);
        assertThat(same.isEqual()).as(same.toJson()).isTrue();
        assertThat(same.targetItems()).isEqualTo(ITEMS);
        VerifyReport untransformed = verify("renamed", ItemTransform.identity());
        assertThat(untransformed.isEqual()).isFalse();
        assertThat(untransformed.different()).isEqualTo(ITEMS);
    }

    @Test
    void copy_renamingTheKeyAttribute_mapsKeysBetweenDifferentlyKeyedTables() throws Exception {
        TestWorld.createTable(world.legacyRoot, "legacy-rekeyed", "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-rekeyed", "sku", ScalarAttributeType.S);
        TestWorld.seed(world.legacyRoot, "legacy-rekeyed", ITEMS, 1);
        AttributeRenames transform = AttributeRenames.parse(List.of("id=sku"), List.of());

        CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options("rekeyed").transform(transform).build());

        assertThat(report.written()).isEqualTo(ITEMS);
        Map<String, AttributeValue> item = targetItem("rekeyed", "sku", 42);
        assertThat(item).doesNotContainKey("id").containsEntry("sku", AttributeValue.fromS("item-0000042"))
                .containsEntry("owner", AttributeValue.fromS("owner-42"));
        assertThat(verify("rekeyed", transform).isEqual()).isTrue();
    }

    @Test
    void migrateDynamoDb_withCustomTransformClass_filtersAndReshapesItems_andVerifyWithItIsEqual() throws Exception {
        TestWorld.createTable(world.legacyRoot, "legacy-custom", "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-custom", "id", ScalarAttributeType.S);
        TestWorld.seed(world.legacyRoot, "legacy-custom", ITEMS, 1);
        int leftOut = (int) java.util.stream.IntStream.range(0, ITEMS).filter(i -> i % 97 == 0).count();
        List<String> transformArgs = List.of("--source-table", "legacy-custom", "--target-table", "new-custom", "--rename", "owner=ownerId",
                "--transform", PriceInCentsTransform.class.getName());
        Path report = dir.resolve("custom.report.json");

        List<String> copyArgs = new ArrayList<>(transformArgs);
        copyArgs.addAll(List.of("--checkpoint", dir.resolve("custom.checkpoint.json").toString(), "--dead-letter",
                dir.resolve("custom.dead.jsonl").toString(), "--report", report.toString(), "--quiet"));
        int copied = cli("migrate", copyArgs);

        assertThat(copied).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(report)).contains("\"filtered\" : " + leftOut).contains("\"written\" : " + (ITEMS - leftOut));
        assertThat(TestWorld.count(world.newRoot, "new-custom")).isEqualTo(ITEMS - leftOut);
        assertThat(targetItem("custom", "id", 0)).as("owner-0 is filtered").isEmpty();
        Map<String, AttributeValue> item = targetItem("custom", "id", 150);
        assertThat(item).doesNotContainKeys("owner", "price").containsEntry("ownerId", AttributeValue.fromS("owner-53"))
                .containsEntry("priceCents", AttributeValue.fromN(new BigDecimal("150.50").movePointRight(2).toBigInteger().toString()));
        assertThat(cli("verify", transformArgs)).as("verify with the same --rename and --transform").isEqualTo(ExitCodes.OK);
        assertThat(cli("verify", transformArgs.subList(0, 4))).as("verify without the transform").isEqualTo(ExitCodes.DIFFERENT);
    }

    private static int cli(String verb, List<String> args) {
        String account = SANDBOX.sandbox().newAccountId();
        System.setProperty("aws.accessKeyId", account);
        System.setProperty("aws.secretAccessKey", SANDBOX.sandbox().rootSecretKey(account));
        try {
            CommandLine cl = MigrationsMain.commandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(new StringWriter()));
            List<String> command = new ArrayList<>(List.of(verb, "dynamodb", "--config", world.configFile.toString(),
                    "--endpoint", SANDBOX.sandbox().endpoint().toString()));
            command.addAll(args);
            return cl.execute(command.toArray(String[]::new));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
