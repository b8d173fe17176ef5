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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
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
 * included). THREADS (default: the replicator's default {@code writeThreads}, 4) is both the
 * bare writer's threads and the replicator's {@code writeThreads}.
 *
 * <pre>
 * java -Xmx3g -cp $CP dev.cutover.migrations.bench.CatchUpBench [items=100000] [rounds=2] [threads=4]
 * </pre>
 */
public final class CatchUpBench {

    private CatchUpBench() {
    }

    @SuppressWarnings("unchecked")
    private static <T> T timed(Class<T> type, T delegate, Map<String, LongAdder> nanos) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            long started = System.nanoTime();
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                nanos.computeIfAbsent(method.getName(), k -> new LongAdder()).add(System.nanoTime() - started);
            }
        });
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : ReplicationOptions.builder().sourceTable("s").targetTable("t").build()
                .writeThreads();
        Path dir = Files.createTempDirectory("catchup-bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                TestWorld world = new TestWorld(sandbox, dir, TestWorld.pairedTables("catchup"));
                DynamoDbClient legacy = world.legacyDynamoDb();
                DynamoDbClient target = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.replicationFactory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            world.grantReplication();
            BenchItems.createTable(world.legacyRoot, "legacy-catchup");
            world.legacyRoot.updateTable(r -> r.tableName("legacy-catchup")
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            double seedRate = BenchItems.write(world.legacyRoot, "legacy-catchup", items, 8);
            System.out.printf(Locale.ROOT, "seeded backlog=%d rate=%.0f/s load=%s%n", items, seedRate, ReplicationLagBench.load());

            // Wall time the replicator spends in each SDK call, summed over the run (it calls them from one thread).
            Map<String, LongAdder> callNanos = new ConcurrentSkipListMap<>();
            DynamoDbClient timedTarget = timed(DynamoDbClient.class, target, callNanos);
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(timed(DynamoDbClient.class, legacy, callNanos),
                    timed(DynamoDbStreamsClient.class, streams, callNanos), timedTarget, timedTarget);
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
                            .mode(ReplicationMode.UNTIL_CAUGHT_UP).fromTrimHorizon(true)
                            .writeThreads(threads).statusInterval(Duration.ZERO).metrics(false)
                            .log(new PrintWriter(new StringWriter())).build();
                    callNanos.clear();
                    long started = System.nanoTime();
                    report = replicator.replicate(options);
                    long took = System.nanoTime() - started;
                    repl = items / (took / 1e9);
                    StringBuilder calls = new StringBuilder();
                    callNanos.forEach((call, nanos) -> calls.append(String.format(Locale.ROOT, " %s=%.1fs", call, nanos.sum() / 1e9)));
                    System.out.printf(Locale.ROOT, "round=%d replicator wall=%.1fs in calls:%s%n", round, took / 1e9, calls);
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
