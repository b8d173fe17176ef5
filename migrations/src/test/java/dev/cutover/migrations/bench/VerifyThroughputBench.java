package dev.cutover.migrations.bench;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.DynamoDbTableVerifier;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.dynamodb.VerifyReport;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How long {@code verify dynamodb} takes next to the copy it checks, in one JVM and one run: a source table of
 * ITEMS items in the legacy account ({@link BenchItems}, 8 seeding threads), one {@link DynamoDbTableCopier} run
 * with default options into an empty new-account table, then ROUNDS runs of {@link DynamoDbTableVerifier} with
 * the CLI's defaults (1,024 ranges, segments derived from the table size, 10 samples) on the two equal tables.
 * Both read the source through the cross-account role. Items per second are source items / wall time of the
 * whole call (preflight included); the ratio is verify time / copy time.
 *
 * <pre>
 * ./mvnw -q -B -pl migrations -am install -DskipTests
 * ./mvnw -q -B -pl migrations test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx4g -cp migrations/target/test-classes:migrations/target/classes:$(cat migrations/target/cp.txt) \
 *     dev.cutover.migrations.bench.VerifyThroughputBench [items=100000] [rounds=2] [verifySegments=derived]
 * </pre>
 */
public final class VerifyThroughputBench {

    private VerifyThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Optional<Integer> verifySegments = args.length > 2 ? Optional.of(Integer.parseInt(args[2])) : Optional.empty();
        Path dir = Files.createTempDirectory("verify-bench");
        Map<String, String[]> tables = TestWorld.pairedTables("bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                TestWorld world = new TestWorld(sandbox, dir, tables);
                DynamoDbClient legacy = world.legacyDynamoDb();
                DynamoDbClient target = world.newDynamoDb()) {
            BenchItems.createTable(world.legacyRoot, "legacy-bench");
            long seedStarted = System.nanoTime();
            double seedRate = BenchItems.write(world.legacyRoot, "legacy-bench", items, 8);
            System.out.printf(Locale.ROOT, "seeded items=%d in %.1fs (%.0f items/s)%n", items, (System.nanoTime() - seedStarted) / 1e9,
                    seedRate);

            BenchItems.createTable(world.newRoot, "new-bench");
            DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable("legacy-bench").targetTable("new-bench")
                    .checkpointFile(dir.resolve("copy.checkpoint.json")).deadLetterFile(dir.resolve("copy.dead.jsonl"))
                    .log(new PrintWriter(new StringWriter())).quiet(true).build();
            long copyStarted = System.nanoTime();
            CopyReport copy = new DynamoDbTableCopier(legacy, target).copy(options);
            double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
            if (copy.written() != items) {
                throw new IllegalStateException("the copy wrote " + copy.written() + " of " + items + ": " + copy.toJson());
            }
            System.out.printf(Locale.ROOT, "copy items=%d %.1fs (%.0f items/s) segments=%d%n", items, copySeconds, items / copySeconds,
                    copy.segments());

            for (int round = 0; round < rounds; round++) {
                long started = System.nanoTime();
                VerifyReport verify = new DynamoDbTableVerifier(legacy, target).verify("legacy-bench", "new-bench",
                        ItemTransform.identity(), 1024, verifySegments, 10, Optional.empty());
                double seconds = (System.nanoTime() - started) / 1e9;
                if (!verify.isEqual() || verify.sourceItems() != items) {
                    throw new IllegalStateException("verify did not find the tables equal: " + verify.toJson());
                }
                System.out.printf(Locale.ROOT, "round=%d verify items=%d %.1fs (%.0f items/s) verify/copy time=%.2f%n", round, items,
                        seconds, items / seconds, seconds / copySeconds);
            }
        }
        // Exit even if a library (ElasticMQ's actor system) left non-daemon threads behind after the sandbox closed.
        System.exit(0);
    }
}
