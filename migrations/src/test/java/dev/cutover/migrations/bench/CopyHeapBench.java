package dev.cutover.migrations.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The copy's heap does not grow with the table. Two JVMs, so that the copy's heap is measured alone:
 * {@code serve} starts the sandbox (its DynamoDB engine keeps the tables in its heap) on a fixed port and seeds
 * {@code legacy-heap} with ITEMS items; {@code copy} (run it with -Xmx256m) copies {@code legacy-heap} into a
 * fresh table with default options. Every 10% of the items scanned it runs System.gc() and records the used heap;
 * a GC notification listener also keeps the largest heap left after any collection in each 10% window. Both JVMs
 * use the accounts' root credentials (the role path is measured by {@link CopyThroughputBench}).
 *
 * <pre>
 * ./mvnw -q -B -pl migrations -am install -DskipTests
 * ./mvnw -q -B -pl migrations test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * CP=migrations/target/test-classes:migrations/target/classes:$(cat migrations/target/cp.txt)
 * nohup java -Xmx6g -cp $CP dev.cutover.migrations.bench.CopyHeapBench serve 4599 1000000 &gt; serve.log 2&gt;&amp;1 &amp;
 * # wait for "ready" in serve.log
 * java -Xmx256m -cp $CP dev.cutover.migrations.bench.CopyHeapBench copy 4599 1000000
 * </pre>
 */
public final class CopyHeapBench {
    private static final String SOURCE = "legacy-heap";
    private static final int WINDOWS = 10;

    private CopyHeapBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "copy";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 4599;
        int items = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        if (mode.equals("serve")) {
            serve(port, items);
        } else {
            copy(port, items);
        }
    }

    private static void serve(int port, int items) throws Exception {
        Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().toBuilder().port(port).build());
        try (DynamoDbClient legacy = root(sandbox.endpoint(), sandbox.legacyAccountId())) {
            BenchItems.createTable(legacy, SOURCE);
            long started = System.nanoTime();
            double rate = BenchItems.write(legacy, SOURCE, items, 8);
            System.out.printf(Locale.ROOT, "seeded items=%d seconds=%.0f rate=%.0f/s%n", items, (System.nanoTime() - started) / 1e9,
                    rate);
        }
        System.out.println("ready endpoint=" + sandbox.endpoint());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void copy(int port, int items) throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        SandboxConfig accounts = SandboxConfig.defaults();
        AtomicLong scanned = new AtomicLong();
        long step = Math.max(1, items / WINDOWS);
        AtomicLongArray maxAfterGc = new AtomicLongArray(WINDOWS + 1);
        listenToCollections(scanned, step, maxAfterGc);
        Path dir = Files.createTempDirectory("copy-heap-bench");
        String target = "new-heap-" + System.currentTimeMillis();
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "maxHeap=%dMiB gcs=%s%n", maxHeap >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        try (DynamoDbClient source = root(endpoint, accounts.legacyAccountId());
                DynamoDbClient sink = root(endpoint, accounts.newAccountId())) {
            BenchItems.createTable(sink, target);
            ItemTransform counting = new ItemTransform() {
                @Override
                public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
                    scanned.incrementAndGet();
                    return item;
                }

                @Override
                public String describe() {
                    return "identity-counting";
                }
            };
            DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable(SOURCE).targetTable(target).transform(counting)
                    .checkpointFile(dir.resolve("checkpoint.json")).deadLetterFile(dir.resolve("dead.jsonl"))
                    .log(new PrintWriter(new StringWriter())).quiet(true).build();
            System.out.printf(Locale.ROOT, "scanned=%d usedAfterSystemGc=%.1fMiB%n", 0, usedAfterGc() / 1048576.0);
            Thread sampler = new Thread(() -> sample(scanned, step, items), "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long started = System.nanoTime();
            CopyReport report = new DynamoDbTableCopier(source, sink).copy(options);
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            sampler.join();
            System.out.printf(Locale.ROOT, "done status=%s scanned=%d written=%d seconds=%.0f rate=%.0f/s segments=%d%n", report.status(),
                    report.scanned(), report.written(), seconds, report.written() / seconds, report.segments());
            System.out.printf(Locale.ROOT, "scanned=%d usedAfterSystemGc=%.1fMiB (after the copy)%n", scanned.get(),
                    usedAfterGc() / 1048576.0);
            for (int w = 0; w < WINDOWS; w++) {
                System.out.printf(Locale.ROOT, "window=%d-%d maxUsedAfterAnyGc=%.1fMiB%n", w * step, (w + 1) * step,
                        maxAfterGc.get(w) / 1048576.0);
            }
        }
    }

    /** At every 10% of the items scanned: System.gc(), then the used heap. */
    private static void sample(AtomicLong scanned, long step, int items) {
        long next = step;
        try {
            while (next <= items) {
                if (scanned.get() >= next) {
                    System.out.printf(Locale.ROOT, "scanned=%d usedAfterSystemGc=%.1fMiB%n", scanned.get(), usedAfterGc() / 1048576.0);
                    next += step;
                } else {
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Keeps, per window of {@code step} items scanned, the largest heap in use right after a collection. */
    private static void listenToCollections(AtomicLong scanned, long step, AtomicLongArray maxAfterGc) {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(e.getKey())) {
                        used += e.getValue().getUsed();
                    }
                }
                int window = (int) Math.min(WINDOWS, scanned.get() / step);
                long u = used;
                maxAfterGc.accumulateAndGet(window, u, Math::max);
            }, null, null);
        }
    }

    private static DynamoDbClient root(URI endpoint, String account) {
        // The HTTP client the CLI's AwsClientFactory uses.
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.of(SandboxConfig.DEFAULT_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account,
                        SandboxConfig.defaults().rootSecretKey(account))))
                .build();
    }
}
