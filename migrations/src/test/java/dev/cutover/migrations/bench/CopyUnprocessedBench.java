package dev.cutover.migrations.bench;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.DynamoDbTableVerifier;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.dynamodb.RateLimit;
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
 * The copy under a steady share of UnprocessedItems against its minimum time, in one JVM and one run (issue 12's goal:
 * within 10% of the minimum, zero failures). The copy is capped at RATE items/s ({@code --rate}), well under what the
 * machine can write, so the cap is the bottleneck and the minimum time is ITEMS / RATE. The cap counts items written:
 * an item DynamoDB leaves unprocessed spent no capacity, and its re-send is not charged again. Each round copies the
 * same source table twice into fresh tables, once without the fault and once with the sandbox's
 * {@code unprocessedItems("dynamodb", FRACTION)}, and verifies both. Copy time is wall time around
 * {@link DynamoDbTableCopier#copy} (preflight included); verify runs after it and is not counted.
 *
 * <pre>
 * ./mvnw -q -B -pl config,dynamodb,sandbox,migrations test-compile
 * ./mvnw -q -B -pl migrations dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * CP=migrations/target/test-classes:migrations/target/classes:$(cat migrations/target/cp.txt)
 * java -Xmx2g -cp $CP dev.cutover.migrations.bench.CopyUnprocessedBench [items=30000] [rate=1000] [rounds=2] [fraction=0.3]
 * </pre>
 */
public final class CopyUnprocessedBench {

    private CopyUnprocessedBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        double fraction = args.length > 3 ? Double.parseDouble(args[3]) : 0.3;
        double minimum = items / rate;
        Path dir = Files.createTempDirectory("copy-unprocessed-bench");
        Map<String, String[]> tables = TestWorld.pairedTables("bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                TestWorld world = new TestWorld(sandbox, dir, tables);
                DynamoDbClient legacy = world.legacyDynamoDb();
                DynamoDbClient target = world.newDynamoDb()) {
            BenchItems.createTable(world.legacyRoot, "legacy-bench");
            double seedRate = BenchItems.write(world.legacyRoot, "legacy-bench", items, 8);
            // What the machine writes without a cap (same items, same client as the copies): the cap must sit well under it.
            BenchItems.createTable(world.newRoot, "new-bench-bare");
            double bare = BenchItems.write(target, "new-bench-bare", items, 8);
            world.newRoot.deleteTable(r -> r.tableName("new-bench-bare"));
            System.out.printf(Locale.ROOT, "seeded items=%d seedRate=%.0f/s bareWriter=%.0f items/s cap=%.0f items/s "
                    + "minimum=%.1f s%n", items, seedRate, bare, rate, minimum);
            for (int round = 0; round < rounds; round++) {
                for (double unprocessed : new double[] {0, fraction}) {
                    String copyTable = String.format(Locale.ROOT, "new-bench-%d-%02d", round, Math.round(unprocessed * 100));
                    BenchItems.createTable(world.newRoot, copyTable);
                    DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable("legacy-bench").targetTable(copyTable)
                            .rateLimit(new RateLimit(rate, RateLimit.Unit.ITEMS))
                            .checkpointFile(dir.resolve(copyTable + ".checkpoint.json"))
                            .deadLetterFile(dir.resolve(copyTable + ".dead.jsonl"))
                            .log(new PrintWriter(new StringWriter())).quiet(true).build();
                    if (unprocessed > 0) {
                        sandbox.faults().unprocessedItems("dynamodb", unprocessed);
                    }
                    long started = System.nanoTime();
                    CopyReport report;
                    try {
                        report = new DynamoDbTableCopier(legacy, target).copy(options);
                    } finally {
                        sandbox.faults().clear();
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    VerifyReport verify = new DynamoDbTableVerifier(legacy, target).verify("legacy-bench", copyTable,
                            ItemTransform.identity(), 256, Optional.empty(), 5, Optional.empty());
                    System.out.printf(Locale.ROOT, "round=%d unprocessed=%.2f copySeconds=%.2f ratioToMinimum=%.3f status=%s "
                            + "written=%d deadLettered=%d unprocessedRetries=%d sdkRetries=%d verify=%s%n", round, unprocessed,
                            seconds, seconds / minimum, report.status(), report.written(), report.deadLettered(),
                            report.unprocessedRetries(), report.sdkRetries(), verify.isEqual() ? "EQUAL" : "DIFFERENT");
                    world.newRoot.deleteTable(r -> r.tableName(copyTable));
                }
            }
        }
        // Exit even if a library (ElasticMQ's actor system) left non-daemon threads behind after the sandbox closed.
        System.exit(0);
    }
}
