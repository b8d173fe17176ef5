package dev.cutover.migrations.bench;

import dev.cutover.config.Side;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.replication.ReplicationReport;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Catch-up throughput against the bare writer, in one JVM and one run: a legacy table with a NEW_AND_OLD_IMAGES stream and
 * a backlog of ITEMS puts of distinct keys (seeded by 8 threads); then ROUNDS times, alternating which goes first, (a)
 * {@link DynamoDbStreamReplicator} in {@link ReplicationMode#UNTIL_CAUGHT_UP} from the trim horizon (stream read through
 * the cross-account role) into an empty new-account table, and (b) the bare writer ({@link BenchItems#write}: THREADS
 * threads, BatchWriteItem of 25, no pacing) writing the same ITEMS items into another empty table. Both write through the
 * same new-account client. Rate = items / wall time of the whole call (the replicator's preflight and checkpoint saves
 * included). THREADS defaults to the replicator's write concurrency.
 *
 * <pre>
 * java -Xmx3g -cp $CP dev.cutover.migrations.bench.CatchUpBench [items=100000] [rounds=2] [threads=1]
 * </pre>
 */
public final class CatchUpBench {

    private CatchUpBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("catchup-bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                TestWorld world = new TestWorld(sandbox, dir, TestWorld.pairedTables("catchup"));
                DynamoDbClient legacy = world.legacyDynamoDb();
                DynamoDbClient target = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.factory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            world.grantReplication();
            BenchItems.createTable(world.legacyRoot, "legacy-catchup");
            world.legacyRoot.updateTable(r -> r.tableName("legacy-catchup")
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            double seedRate = BenchItems.write(world.legacyRoot, "legacy-catchup", items, 8);
            System.out.printf(Locale.ROOT, "seeded backlog=%d rate=%.0f/s load=%s%n", items, seedRate, ReplicationLagBench.load());

            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, target, target);
            List<Double> bare = new ArrayList<>();
            List<Double> replicated = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                String bareTable = "new-catchup-bare-" + round;
                String replTable = "new-catchup-repl-" + round;
                BenchItems.createTable(world.newRoot, bareTable);
                BenchItems.createTable(world.newRoot, replTable);
                double writer = 0;
                double repl = 0;
                ReplicationReport report = null;
                for (int half = 0; half < 2; half++) {
                    if ((half + round) % 2 == 0) {
                        writer = BenchItems.write(target, bareTable, items, threads);
                        continue;
                    }
                    ReplicationOptions options = ReplicationOptions.builder().sourceTable("legacy-catchup").targetTable(replTable)
                            .mode(ReplicationMode.UNTIL_CAUGHT_UP).fromTrimHorizon(true).statusInterval(Duration.ZERO).metrics(false)
                            .log(new PrintWriter(new StringWriter())).build();
                    long started = System.nanoTime();
                    report = replicator.replicate(options);
                    repl = items / ((System.nanoTime() - started) / 1e9);
                }
                if (report.records() != items || report.puts() != items || !report.caughtUp()) {
                    throw new IllegalStateException("the replicator applied " + report.records() + " records, " + report.puts()
                            + " puts of " + items + ": " + report);
                }
                bare.add(writer);
                replicated.add(repl);
                System.out.printf(Locale.ROOT, "round=%d first=%s bare=%.0f items/s replicator=%.0f items/s replicator/bare=%.2f "
                        + "threads=%d unprocessedRetries=%d load=%s%n", round, round % 2 == 0 ? "bare" : "replicator", writer, repl,
                        repl / writer, threads, report.unprocessedRetries(), ReplicationLagBench.load());
                world.newRoot.deleteTable(r -> r.tableName(bareTable));
                world.newRoot.deleteTable(r -> r.tableName(replTable));
            }
            double bareMean = bare.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double replMean = replicated.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "mean bare=%.0f items/s replicator=%.0f items/s replicator/bare=%.2f (goal >= 0.80)%n",
                    bareMean, replMean, replMean / bareMean);
        }
        // Exit even if a library (ElasticMQ's actor system) left non-daemon threads behind after the sandbox closed.
        System.exit(0);
    }
}
