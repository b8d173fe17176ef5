package dev.cutover.migrations.bench;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.internal.Segments;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The copy's throughput against its ceiling, in one JVM and one run: a source table of ITEMS items in the
 * legacy account, then ROUNDS times (a) the bare writer ({@link BenchItems#write}, as many threads as the copy
 * has segments, 25 items a batch, nothing else) writing the same items into an empty table in the new account
 * and (b) {@link DynamoDbTableCopier} with default options copying the source into another empty table. Both
 * write through the same new-account client; the copy reads through the cross-account role. Items per second
 * are wall time around the whole call (the copy's preflight included).
 *
 * <pre>
 * ./mvnw -q -B -pl migrations -am install -DskipTests
 * ./mvnw -q -B -pl migrations test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx4g -cp migrations/target/test-classes:migrations/target/classes:$(cat migrations/target/cp.txt) \
 *     dev.cutover.migrations.bench.CopyThroughputBench [items=200000] [rounds=2]
 * </pre>
 */
public final class CopyThroughputBench {

    private CopyThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        // fraction of each BatchWriteItem the sandbox leaves unprocessed during the copy (not during the bare writer)
        double unprocessed = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        Path dir = Files.createTempDirectory("copy-bench");
        Map<String, String[]> tables = TestWorld.pairedTables("bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                TestWorld world = new TestWorld(sandbox, dir, tables);
                DynamoDbClient legacy = world.legacyDynamoDb();
                DynamoDbClient target = world.newDynamoDb()) {
            BenchItems.createTable(world.legacyRoot, "legacy-bench");
            double seedRate = BenchItems.write(world.legacyRoot, "legacy-bench", items, 8);
            TableDescription source = world.legacyRoot.describeTable(r -> r.tableName("legacy-bench")).table();
            int segments = Segments.derive(source.tableSizeBytes(), source.itemCount(), DynamoDbCopyOptions.builder()
                    .sourceTable("s").targetTable("t").build().scanThreads());
            System.out.printf(Locale.ROOT, "seeded items=%d bytes=%d avgItemBytes=%d rate=%.0f/s segments=%d%n", items,
                    source.tableSizeBytes(), source.tableSizeBytes() / Math.max(1, source.itemCount()), seedRate, segments);

            List<Double> bare = new ArrayList<>();
            List<Double> copy = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                String bareTable = "new-bench-bare-" + round;
                BenchItems.createTable(world.newRoot, bareTable);
                double writer = BenchItems.write(target, bareTable, items, segments);
                bare.add(writer);

                String copyTable = "new-bench-copy-" + round;
                BenchItems.createTable(world.newRoot, copyTable);
                DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable("legacy-bench").targetTable(copyTable)
                        .checkpointFile(dir.resolve(copyTable + ".checkpoint.json")).deadLetterFile(dir.resolve(copyTable + ".dead.jsonl"))
                        .log(new PrintWriter(new StringWriter())).quiet(true).build();
                if (unprocessed > 0) {
                    sandbox.faults().unprocessedItems("dynamodb", unprocessed);
                }
                long started = System.nanoTime();
                CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options);
                double seconds = (System.nanoTime() - started) / 1e9;
                sandbox.faults().clear();
                if (report.written() + report.deadLettered() != items) {
                    throw new IllegalStateException("the copy wrote " + report.written() + " of " + items + ": " + report.toJson());
                }
                double copier = items / seconds;
                copy.add(copier);
                System.out.printf(Locale.ROOT, "round=%d bare=%.0f items/s copy=%.0f items/s copy/bare=%.2f segments=%d "
                        + "copySeconds=%.1f unprocessedFraction=%.2f unprocessedRetries=%d deadLettered=%d sdkRetries=%d%n", round, writer,
                        copier, copier / writer, report.segments(), seconds, unprocessed, report.unprocessedRetries(),
                        report.deadLettered(), report.sdkRetries());
                world.newRoot.deleteTable(r -> r.tableName(bareTable));
                world.newRoot.deleteTable(r -> r.tableName(copyTable));
            }
            double bareMean = bare.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double copyMean = copy.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "mean bare=%.0f items/s copy=%.0f items/s copy/bare=%.2f (target >= 0.80)%n", bareMean,
                    copyMean, copyMean / bareMean);
        }
        // Exit even if a library (ElasticMQ's actor system) left non-daemon threads behind after the sandbox closed.
        System.exit(0);
    }
}
