package dev.cutover.migrations.bench;

import dev.cutover.config.Side;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Replication lag under a sustained write rate, in one JVM with the sandbox in it. For each rate R: a fresh legacy table
 * with a NEW_AND_OLD_IMAGES stream and an empty new table; {@link DynamoDbStreamReplicator} follows the stream
 * ({@link ReplicationMode#FOLLOW}, from the trim horizon, through the cross-account role) in a thread while max(4, R/20) threads
 * pace PutItem / UpdateItem / DeleteItem on the legacy table at R writes/s for SECONDS seconds (half puts of new keys, a
 * quarter updates of the key put 100 groups earlier, a quarter deletes of the key put 200 groups earlier, each key deleted
 * at most once). Each put and update stamps {@code writtenAt} (epoch ms, taken just before the call is sent); deletes note
 * their send time per key. The replicator's target client is wrapped: when a BatchWriteItem returns, every write it
 * applied gives one lag sample = now − writtenAt (for a delete, now − its send time). Writes that the replicator folds
 * into a later change of the same key within one GetRecords page are not applied on their own and give no sample. A
 * sentinel put after the last write tells when the replicator has applied everything.
 *
 * <pre>
 * java -Xmx2g -cp $CP dev.cutover.migrations.bench.ReplicationLagBench [rates=200,1000] [seconds=20] [pollMillis=1000,100]
 * </pre>
 */
public final class ReplicationLagBench {

    private ReplicationLagBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = Arrays.stream((args.length > 0 ? args[0] : "200,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int[] polls = Arrays.stream((args.length > 2 ? args[2] : "1000,100").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> names = new ArrayList<>(List.of("warmup"));
        for (int poll : polls) {
            for (int rate : rates) {
                names.add("lag-" + rate + "-" + poll);
            }
        }
        Path dir = Files.createTempDirectory("lag-bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                TestWorld world = new TestWorld(sandbox, dir, TestWorld.pairedTables(names.toArray(String[]::new)));
                DynamoDbClient legacy = world.legacyDynamoDb();
                DynamoDbClient target = world.newDynamoDb();
                DynamoDbStreamsClient streams = world.replicationFactory.build(DynamoDbStreamsClient.builder(), Side.LEGACY)) {
            world.grantReplication();
            run(world, legacy, streams, target, "warmup", rates[0], 5, polls[0]);
            for (int poll : polls) {
                for (int rate : rates) {
                    run(world, legacy, streams, target, "lag-" + rate + "-" + poll, rate, seconds, poll);
                }
            }
        }
        // Exit even if a library (ElasticMQ's actor system) left non-daemon threads behind after the sandbox closed.
        System.exit(0);
    }

    private static void run(TestWorld world, DynamoDbClient legacy, DynamoDbStreamsClient streams, DynamoDbClient target, String name,
            int rate, int seconds, int pollMillis) throws Exception {
        String source = "legacy-" + name;
        BenchItems.createTable(world.legacyRoot, source);
        world.legacyRoot.updateTable(r -> r.tableName(source)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        BenchItems.createTable(world.newRoot, "new-" + name);

        LagRecorder recorder = new LagRecorder(target, "sentinel-" + name);
        DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, recorder.client(), target);
        ReplicationOptions options = ReplicationOptions.builder().sourceTable(source).targetTable("new-" + name)
                .mode(ReplicationMode.FOLLOW).fromTrimHorizon(true).pollInterval(Duration.ofMillis(pollMillis))
                .statusInterval(Duration.ZERO).metrics(false).log(new PrintWriter(new StringWriter())).build();
        Thread follower = new Thread(() -> {
            try {
                replicator.replicate(options);
            } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    System.out.println("replicator stopped: " + e);
                }
            }
        }, "replicator-" + name);
        follower.start();

        long total = (long) rate * seconds;
        double[] achieved = write(world.legacyRoot, source, rate, total, recorder.deleteTimes);
        world.legacyRoot.putItem(r -> r.tableName(source).item(Map.of("id", AttributeValue.fromS("sentinel-" + name),
                "writtenAt", AttributeValue.fromN(Long.toString(System.currentTimeMillis())))));
        boolean drained = recorder.sentinel.await(120, TimeUnit.SECONDS);
        follower.interrupt();
        follower.join(30_000);

        long[] lags = recorder.lags();
        System.out.printf(Locale.ROOT, "table=%s rate=%d/s seconds=%d pollMs=%d writes=%d achieved=%.0f/s writeP50=%.1fms applied=%d "
                + "lagP50=%dms lagP99=%dms lagMax=%dms drained=%s load=%s%n", name, rate, seconds, pollMillis, total, achieved[0],
                achieved[1], lags.length, pct(lags, 0.50), pct(lags, 0.99), lags.length == 0 ? -1 : lags[lags.length - 1], drained,
                load());
    }

    /** Paced writes, op n due at start + n/rate; returns {achieved writes/s, p50 write latency in ms}. */
    private static double[] write(DynamoDbClient client, String table, int rate, long total, Map<String, Long> deleteTimes)
            throws Exception {
        // Enough threads that a write taking 40 ms on a loaded machine does not hold back the pace.
        int writers = Math.max(4, rate / 20);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicLong next = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                futures.add(pool.submit(() -> {
                    for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                        long due = start + n * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        long sent = System.nanoTime();
                        writeOne(client, table, n, deleteTimes);
                        latencies.add(System.nanoTime() - sent);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {total / elapsed, pct(sorted, 0.50) / 1e6};
    }

    private static void writeOne(DynamoDbClient client, String table, long n, Map<String, Long> deleteTimes) {
        long group = n / 4;
        int kind = (int) (n % 4);
        String now = Long.toString(System.currentTimeMillis());
        if (kind == 0 || kind == 3) {
            Map<String, AttributeValue> item = new HashMap<>(BenchItems.item((int) (group * 2 + kind / 3)));
            item.put("writtenAt", AttributeValue.fromN(now));
            client.putItem(r -> r.tableName(table).item(item));
        } else if (kind == 1 || group < 200) {
            String id = String.format("item-%08d", Math.max(0, group - 100) * 2);
            client.updateItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                    .updateExpression("SET writtenAt = :w ADD version :one")
                    .expressionAttributeValues(Map.of(":w", AttributeValue.fromN(now), ":one", AttributeValue.fromN("1"))));
        } else {
            String id = String.format("item-%08d", (group - 200) * 2);
            deleteTimes.put(id, System.currentTimeMillis());
            client.deleteItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
        }
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Wraps the replicator's target client: each applied write of a BatchWriteItem gives one lag sample. */
    private static final class LagRecorder {
        final Map<String, Long> deleteTimes = new ConcurrentHashMap<>();
        final CountDownLatch sentinel = new CountDownLatch(1);
        private final DynamoDbClient delegate;
        private final String sentinelId;
        private final List<Long> lags = new ArrayList<>();

        LagRecorder(DynamoDbClient delegate, String sentinelId) {
            this.delegate = delegate;
            this.sentinelId = sentinelId;
        }

        synchronized long[] lags() {
            return lags.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        DynamoDbClient client() {
            return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("batchWriteItem") && args != null && args.length == 1) {
                            BatchWriteItemRequest request = args[0] instanceof BatchWriteItemRequest b ? b
                                    : BatchWriteItemRequest.builder().applyMutation(consumer(args[0])).build();
                            BatchWriteItemResponse response = delegate.batchWriteItem(request);
                            record(request, response, System.currentTimeMillis());
                            return response;
                        }
                        try {
                            return method.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @SuppressWarnings("unchecked")
        private static Consumer<BatchWriteItemRequest.Builder> consumer(Object o) {
            return (Consumer<BatchWriteItemRequest.Builder>) o;
        }

        private void record(BatchWriteItemRequest request, BatchWriteItemResponse response, long now) {
            Map<String, List<WriteRequest>> left = response.hasUnprocessedItems() ? response.unprocessedItems() : new TreeMap<>();
            request.requestItems().forEach((table, writes) -> {
                List<WriteRequest> unprocessed = left.getOrDefault(table, List.of());
                for (WriteRequest w : writes) {
                    if (unprocessed.contains(w)) {
                        continue;
                    }
                    if (w.putRequest() != null) {
                        Map<String, AttributeValue> item = w.putRequest().item();
                        if (item.get("id").s().equals(sentinelId)) {
                            sentinel.countDown();
                        } else if (item.containsKey("writtenAt")) {
                            add(now - Long.parseLong(item.get("writtenAt").n()));
                        }
                    } else {
                        Long deleted = deleteTimes.get(w.deleteRequest().key().get("id").s());
                        if (deleted != null) {
                            add(now - deleted);
                        }
                    }
                }
            });
        }

        private synchronized void add(long lag) {
            lags.add(lag);
        }
    }
}
