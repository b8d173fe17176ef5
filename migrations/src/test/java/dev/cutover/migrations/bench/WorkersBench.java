package dev.cutover.migrations.bench;

import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * 1, 2 and 4 workers sharing one copy, each worker its own JVM (as CLI workers on separate machines or worker Lambdas
 * would be), against one sandbox in this JVM: the source is seeded once with ITEMS {@link BenchItems} items; then for
 * each worker count N a fresh target table, N worker JVMs ({@code -XmxWORKER_HEAP}) started together, each running
 * {@link DynamoDbTableCopier} with {@code --workers N --worker-index I} over SEGMENTS segments and the shared checkpoint
 * table. Wall time from the first start to the last exit (JVM start included); per worker its copy time, its peak heap
 * (sum of the heap pools' peaks) and its peak resident set (VmHWM). Root credentials on both sides.
 *
 * <pre>
 * CP=migrations/target/test-classes:migrations/target/classes:$(cat migrations/target/cp.txt)
 * java -Xmx3g -cp $CP dev.cutover.migrations.bench.WorkersBench [items=200000] [workers=1,2,4] [segments=8] [workerHeap=256m]
 * </pre>
 */
public final class WorkersBench {
    private static final String SOURCE = "legacy-workers";
    private static final String CHECKPOINTS = "workers-checkpoints";

    private WorkersBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5]);
            return;
        }
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<Integer> counts = args.length > 1 ? List.of(args[1].split(",")).stream().map(Integer::parseInt).toList() : List.of(1, 2, 4);
        int segments = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String heap = args.length > 3 ? args[3] : "256m";
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                DynamoDbClient legacy = root(sandbox.endpoint(), sandbox.legacyAccountId());
                DynamoDbClient fresh = root(sandbox.endpoint(), sandbox.newAccountId())) {
            BenchItems.createTable(legacy, SOURCE);
            double seedRate = BenchItems.write(legacy, SOURCE, items, 8);
            fresh.createTable(r -> r.tableName(CHECKPOINTS).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("job").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("job").keyType(KeyType.HASH)));
            System.out.printf(Locale.ROOT, "seeded items=%d rate=%.0f/s segments=%d workerHeap=%s cores=%d load=%s%n", items, seedRate,
                    segments, heap, Runtime.getRuntime().availableProcessors(), load());
            for (int n : counts) {
                String target = "new-workers-" + n;
                BenchItems.createTable(fresh, target);
                String loadBefore = load();
                long started = System.nanoTime();
                List<Process> processes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                            "-cp", System.getProperty("java.class.path"), WorkersBench.class.getName(), "worker",
                            sandbox.endpoint().toString(), Integer.toString(n), Integer.toString(i), Integer.toString(segments), target)
                            .redirectErrorStream(true).start());
                }
                List<String> lines = new ArrayList<>();
                for (Process p : processes) {
                    String last = "";
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            last = line;
                        }
                    }
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException("a worker failed: " + last);
                    }
                    lines.add(last);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long copied = fresh.scanPaginator(r -> r.tableName(target).select("COUNT")).stream().mapToLong(p -> p.count()).sum();
                System.out.printf(Locale.ROOT, "workers=%d wall=%.1fs rate=%.0f/s copied=%d load=%s..%s%n", n, seconds, items / seconds,
                        copied, loadBefore, load());
                lines.forEach(l -> System.out.println("  " + l));
                if (copied != items) {
                    throw new IllegalStateException("copied " + copied + " of " + items + " items with " + n + " workers");
                }
            }
        }
    }

    private static void worker(URI endpoint, int workers, int index, int segments, String target) throws Exception {
        Path dir = Files.createTempDirectory("workers-bench");
        long started = System.nanoTime();
        try (DynamoDbClient source = root(endpoint, SandboxConfig.DEFAULT_LEGACY_ACCOUNT_ID);
                DynamoDbClient sink = root(endpoint, SandboxConfig.DEFAULT_NEW_ACCOUNT_ID)) {
            DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable(SOURCE).targetTable(target).segments(segments)
                    .workers(workers).workerIndex(index).checkpointTable(CHECKPOINTS).deadLetterFile(dir.resolve("dead.jsonl"))
                    .log(new PrintWriter(new StringWriter())).quiet(true).build();
            CopyReport report = new DynamoDbTableCopier(source, sink).copy(options);
            long peakHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peakHeap += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "worker=%d/%d status=%s written=%d copySeconds=%.1f jvmSeconds=%.1f peakHeap=%.0fMiB "
                    + "peakRss=%s%n", index, workers, report.status(), report.written(), (System.nanoTime() - started) / 1e9,
                    ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, peakHeap / 1048576.0, peakRss());
        }
    }

    private static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0) + "MiB";
            }
        }
        return "unknown";
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static DynamoDbClient root(URI endpoint, String account) {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.of(SandboxConfig.DEFAULT_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account,
                        SandboxConfig.defaults().rootSecretKey(account))))
                .build();
    }
}
