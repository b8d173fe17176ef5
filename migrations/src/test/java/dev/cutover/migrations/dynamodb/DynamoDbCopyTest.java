package dev.cutover.migrations.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.TestWorld;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The copy against the sandbox: real SDK clients, the cross-account role, faults. */
class DynamoDbCopyTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;
    static DynamoDbClient legacy;
    static DynamoDbClient target;

    @BeforeAll
    static void setUp() throws Exception {
        Map<String, String[]> tables = TestWorld.pairedTables("big", "throttled", "skip", "newer", "keys", "emptysrc", "ckpt", "extid",
                "missing");
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

    private static void createPair(String name) {
        TestWorld.createTable(world.legacyRoot, "legacy-" + name, "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-" + name, "id", ScalarAttributeType.S);
    }

    private static DynamoDbCopyOptions.Builder options(String name) {
        return DynamoDbCopyOptions.builder().sourceTable("legacy-" + name).targetTable("new-" + name)
                .checkpointFile(dir.resolve(name + ".checkpoint.json")).deadLetterFile(dir.resolve(name + ".dead.jsonl"))
                .log(new PrintWriter(new StringWriter())).quiet(true);
    }

    private static VerifyReport verify(String name) {
        return new DynamoDbTableVerifier(legacy, target).verify("legacy-" + name, "new-" + name, ItemTransform.identity(), 256,
                java.util.Optional.empty(), 5, java.util.Optional.empty());
    }

    @Test
    void copy_whenTableHasManyItems_copiesAllAndVerifiesEqual() throws Exception {
        int items = Integer.getInteger("cutover.test.items", 100_000);
        createPair("big");
        long seedStart = System.nanoTime();
        TestWorld.seed(world.legacyRoot, "legacy-big", items, 1);
        long seeded = System.nanoTime();

        CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options("big").reportFile(dir.resolve("big.report.json")).build());
        long copied = System.nanoTime();
        VerifyReport verify = verify("big");
        long verified = System.nanoTime();

        System.out.printf("items=%d seed=%.1fs copy=%.1fs (%.0f items/s) verify=%.1fs segments=%d%n", items, (seeded - seedStart) / 1e9,
                (copied - seeded) / 1e9, items / ((copied - seeded) / 1e9), (verified - copied) / 1e9, report.segments());
        assertThat(report.status()).isEqualTo("completed");
        assertThat(report.scanned()).isEqualTo(items);
        assertThat(report.written()).isEqualTo(items);
        assertThat(report.deadLettered()).isZero();
        assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
        assertThat(verify.sourceItems()).isEqualTo(items);
        assertThat(Files.readString(dir.resolve("big.report.json"))).contains("\"written\" : " + items);

        // An item changed, one deleted and one added in the target: verify names each key.
        target.putItem(r -> r.tableName("new-big").item(Map.of("id", AttributeValue.fromS("item-0000003"), "owner",
                AttributeValue.fromS("x"))));
        target.deleteItem(r -> r.tableName("new-big").key(Map.of("id", AttributeValue.fromS("item-0000004"))));
        target.putItem(r -> r.tableName("new-big").item(Map.of("id", AttributeValue.fromS("only-in-target"))));
        VerifyReport differs = verify("big");
        assertThat(differs.isEqual()).isFalse();
        assertThat(differs.missing()).isEqualTo(1);
        assertThat(differs.extra()).isEqualTo(1);
        assertThat(differs.different()).isEqualTo(1);
        assertThat(differs.missingSamples()).containsExactly("{\"id\":{\"S\":\"item-0000004\"}}");
        assertThat(differs.extraSamples()).containsExactly("{\"id\":{\"S\":\"only-in-target\"}}");
        assertThat(differs.differentSamples()).containsExactly("{\"id\":{\"S\":\"item-0000003\"}}");
    }

    @Test
    void copy_when20PercentOfCallsAreThrottledOnBothSides_completesWithNothingLost() throws Exception {
        createPair("throttled");
        TestWorld.seed(world.legacyRoot, "legacy-throttled", 4_000, 1);
        SANDBOX.sandbox().faults().throttle("dynamodb", 0.2);

        CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options("throttled").pageSize(100).segments(8).build());
        SANDBOX.sandbox().faults().clear();

        assertThat(report.readThrottles()).isPositive();
        assertThat(report.writeThrottles()).isPositive();
        assertThat(report.deadLettered()).isZero();
        assertThat(report.written()).isEqualTo(4_000);
        assertThat(verify("throttled").isEqual()).isTrue();
    }

    @Test
    void copy_inSkipExistingMode_neverOverwritesWritesMadeDuringTheCopy() throws Exception {
        concurrentWrites("skip", WriteMode.SKIP_EXISTING);
    }

    @Test
    void copy_inNewerWinsMode_keepsNewerTargetItemsAndReplacesOlderOnes() throws Exception {
        createPair("newer");
        // older copies already in the target must be replaced by the source's version 1
        TestWorld.seed(world.newRoot, "new-newer", 100, 0);
        concurrentWrites("newer", WriteMode.NEWER_WINS);
        Map<String, AttributeValue> replaced = target.getItem(r -> r.tableName("new-newer")
                .key(Map.of("id", AttributeValue.fromS("item-0000001")))).item();
        assertThat(replaced.get("version").n()).isEqualTo("1");
    }

    /** Ids below this are never written by the concurrent "router" (the newer-wins test seeds 0..99 with older copies). */
    private static final int FIRST_ROUTER_ID = 100;

    private void routerWrite(String name, int i, java.util.Set<Integer> written) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(TestWorld.item(i, 2));
        item.put("writtenBy", AttributeValue.fromS("router"));
        world.newRoot.putItem(r -> r.tableName("new-" + name).item(item));
        written.add(i);
    }

    private void concurrentWrites(String name, WriteMode mode) throws Exception {
        if (!"newer".equals(name)) {
            createPair(name);
        }
        int items = 1_500;
        TestWorld.seed(world.legacyRoot, "legacy-" + name, items, 1);
        DynamoDbCopyOptions opts = options(name).mode(mode).versionAttribute("version").rateLimit(new RateLimit(1_000,
                RateLimit.Unit.ITEMS))
                .build();
        // The "router" writes version 2 of items while the copy runs. It never touches ids below FIRST_ROUTER_ID, which
        // the newer-wins test seeds with older copies and checks afterwards; and its first write lands before the copy
        // starts, so the copy meets at least one newer target item whatever the timing.
        java.util.Set<Integer> written = new java.util.TreeSet<>();
        routerWrite(name, items - 1, written);
        CompletableFuture<CopyReport> copy = CompletableFuture.supplyAsync(() -> new DynamoDbTableCopier(legacy, target).copy(opts));
        while (!copy.isDone() && written.size() < 300) {
            routerWrite(name, FIRST_ROUTER_ID + ThreadLocalRandom.current().nextInt(items - FIRST_ROUTER_ID), written);
            Thread.sleep(5);
        }
        CopyReport report = copy.get();

        assertThat(written).isNotEmpty();
        assertThat(report.skipped()).isPositive();
        for (int i : written) {
            Map<String, AttributeValue> item = world.newRoot.getItem(r -> r.tableName("new-" + name)
                    .key(Map.of("id", AttributeValue.fromS(String.format("item-%07d", i))))).item();
            assertThat(item.get("writtenBy")).as("item %d written by the router during the copy", i).isEqualTo(AttributeValue
                    .fromS("router"));
            assertThat(item.get("version").n()).isEqualTo("2");
        }
        assertThat(TestWorld.count(world.newRoot, "new-" + name)).isEqualTo(items);
    }

    @Test
    void copy_whenSourceTableIsMissing_failsPreflightAndWritesNothing() {
        TestWorld.createTable(world.newRoot, "new-missing", "id", ScalarAttributeType.S);
        assertThatThrownBy(() -> new DynamoDbTableCopier(legacy, target).copy(options("missing").build()))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("source table 'legacy-missing' does not exist");
        assertThat(TestWorld.count(world.newRoot, "new-missing")).isZero();
        assertThat(dir.resolve("missing.checkpoint.json")).doesNotExist();
    }

    @Test
    void copy_whenKeySchemasDiffer_failsPreflightAndWritesNothing() throws Exception {
        TestWorld.createTable(world.legacyRoot, "legacy-keys", "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-keys", "sku", ScalarAttributeType.N);
        TestWorld.seed(world.legacyRoot, "legacy-keys", 10, 1);
        assertThatThrownBy(() -> new DynamoDbTableCopier(legacy, target).copy(options("keys").build()))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("key schemas differ")
                .hasMessageContaining("id (S)")
                .hasMessageContaining("sku (N)");
        assertThat(TestWorld.count(world.newRoot, "new-keys")).isZero();
    }

    @Test
    void copy_whenExternalIdIsWrong_failsPreflightNamingTheRole() throws Exception {
        createPair("extid");
        TestWorld.seed(world.legacyRoot, "legacy-extid", 10, 1);
        dev.cutover.config.CutoverConfig wrong = world.config.toBuilder()
                .legacyAccount(l -> l.externalId("not-the-external-id").sessionName("test")).build();
        try (var factory = world.factory(wrong); DynamoDbClient badLegacy = factory.build(DynamoDbClient.builder(),
                dev.cutover.config.Side.LEGACY)) {
            assertThatThrownBy(() -> new DynamoDbTableCopier(badLegacy, target).copy(options("extid").build()))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("cannot assume the legacy account's cross-account role")
                    .hasMessageContaining("ExternalId")
                    .hasMessageNotContaining("not-the-external-id");
        }
        assertThat(TestWorld.count(world.newRoot, "new-extid")).isZero();
    }

    @Test
    void copy_whenCheckpointIsCorrupt_failsAndWritesNothing() throws Exception {
        createPair("ckpt");
        TestWorld.seed(world.legacyRoot, "legacy-ckpt", 50, 1);
        Files.writeString(dir.resolve("ckpt.checkpoint.json"), "{\"sha256\":\"00\",\"checkpoint\":{\"format\":1}}");
        assertThatThrownBy(() -> new DynamoDbTableCopier(legacy, target).copy(options("ckpt").build()))
                .isInstanceOf(dev.cutover.migrations.CheckpointException.class)
                .hasMessageContaining("ckpt.checkpoint.json")
                .hasMessageContaining("corrupt")
                .hasMessageContaining("Nothing was written");
        assertThat(TestWorld.count(world.newRoot, "new-ckpt")).isZero();
    }

    @Test
    void copy_whenRunAgainAfterCompleting_isAlreadyCompleteAndWritesNothing() throws Exception {
        createPair("emptysrc");
        TestWorld.seed(world.legacyRoot, "legacy-emptysrc", 120, 1);
        CopyReport first = new DynamoDbTableCopier(legacy, target).copy(options("emptysrc").build());
        SANDBOX.sandbox().resetRequestCounts();
        CopyReport second = new DynamoDbTableCopier(legacy, target).copy(options("emptysrc").build());

        assertThat(first.written()).isEqualTo(120);
        assertThat(second.status()).isEqualTo("already-complete");
        assertThat(second.written()).isEqualTo(120);
        assertThat(SANDBOX.sandbox().requestCount("dynamodb", "BatchWriteItem")).isZero();
    }
}
