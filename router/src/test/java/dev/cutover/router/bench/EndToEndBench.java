package dev.cutover.router.bench;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.router.CutoverRouter;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.RouterHandler;
import dev.cutover.router.sandbox.RouterWorld;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * End-to-end latency of a getItem through the router (the Lambda handler invoked in-process with an
 * API Gateway HTTP API 2.0 event: event parsing, route, plan, decide, GetItem on legacy through the
 * cross-account role, item to JSON, the log/EMF line, the response document) against the same
 * GetItem made directly with a client from the same {@link AwsClientFactory} (same HTTP client, same
 * AssumeRole credentials, same table and key). The two are interleaved call by call, alternating
 * which goes first, so drift on the shared machine hits both alike.
 *
 * <p>Log lines go to a {@link PrintStream} on a null stream (the router's stdout sink minus the pipe).
 * Run in its own JVM (classpath as in {@link RoutingDecisionBench}):
 *
 * <pre>
 * CP=router/target/test-classes:router/target/classes:$(cat router/target/cp.txt)
 * java -cp $CP dev.cutover.router.bench.EndToEndBench [pairs] [warmupPairs]
 * </pre>
 */
public final class EndToEndBench {
    private static final int ITEMS = 64;

    private EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : Math.max(2_000, pairs / 3);
        PrintStream devNull = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            CutoverConfig config = BenchSetup.config();
            try (RouterWorld world = RouterWorld.provision(sandbox, config)) {
                String[] ids = new String[ITEMS];
                for (int i = 0; i < ITEMS; i++) {
                    ids[i] = String.format("item-%06d", i);
                    world.putItem(Side.LEGACY, ids[i], "ann", Map.of("price", AttributeValue.fromN("12.50"),
                            "title", AttributeValue.fromS("a bench item")));
                }
                // As RouterHandler.fromEnvironment builds it; only the new account's credentials are given explicitly.
                AwsClientFactory factory = AwsClientFactory.builder().endpoint(sandbox.endpoint())
                        .newAccountCredentials(world.root(Side.NEW)).apiCallTimeout(config.router().backendTimeout()).build(config);
                CutoverRouter router = CutoverRouter.on(CutoverRouting.builder(config, factory).logSink(line -> {
                    synchronized (devNull) {
                        devNull.println(line);
                    }
                }).build());
                RouterHandler handler = new RouterHandler(router);
                DynamoDbClient direct = factory.build(DynamoDbClient.builder(), Side.LEGACY,
                        o -> o.apiCallTimeout(config.router().backendTimeout()));
                String table = config.resources(Side.LEGACY).table("items").name();

                long[] viaRouter = new long[pairs];
                long[] viaSdk = new long[pairs];
                long[] cpuRouter = new long[pairs];
                long[] cpuSdk = new long[pairs];
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (int i = -warmup; i < pairs; i++) {
                    String id = ids[Math.floorMod(i, ITEMS)];
                    byte[] event = BenchSetup.event(id, "bench-" + i);
                    long r;
                    long d;
                    long rc;
                    long dc;
                    if ((i & 1) == 0) {
                        long c0 = threads.getCurrentThreadCpuTime();
                        r = routed(handler, event);
                        long c1 = threads.getCurrentThreadCpuTime();
                        d = direct(direct, table, id);
                        rc = c1 - c0;
                        dc = threads.getCurrentThreadCpuTime() - c1;
                    } else {
                        long c0 = threads.getCurrentThreadCpuTime();
                        d = direct(direct, table, id);
                        long c1 = threads.getCurrentThreadCpuTime();
                        r = routed(handler, event);
                        dc = c1 - c0;
                        rc = threads.getCurrentThreadCpuTime() - c1;
                    }
                    if (i >= 0) {
                        viaRouter[i] = r;
                        viaSdk[i] = d;
                        cpuRouter[i] = rc;
                        cpuSdk[i] = dc;
                    }
                }
                Arrays.sort(viaRouter);
                Arrays.sort(viaSdk);
                double r50 = BenchSetup.percentileMicros(viaRouter, 50);
                double d50 = BenchSetup.percentileMicros(viaSdk, 50);
                System.out.printf("pairs=%d warmup=%d%n", pairs, warmup);
                System.out.printf("router  (handler, v2 event) p50=%.1f us p90=%.1f us p99=%.1f us%n", r50,
                        BenchSetup.percentileMicros(viaRouter, 90), BenchSetup.percentileMicros(viaRouter, 99));
                System.out.printf("direct  (SDK GetItem)       p50=%.1f us p90=%.1f us p99=%.1f us%n", d50,
                        BenchSetup.percentileMicros(viaSdk, 90), BenchSetup.percentileMicros(viaSdk, 99));
                System.out.printf("added at p50: %.1f us = %.1f%%%n", r50 - d50, 100.0 * (r50 - d50) / d50);
                // CPU time of the calling thread (url-connection does the HTTP exchange on it): what the router's own work
                // costs, less sensitive to other processes on the machine than wall time.
                Arrays.sort(cpuRouter);
                Arrays.sort(cpuSdk);
                double rc50 = BenchSetup.percentileMicros(cpuRouter, 50);
                double dc50 = BenchSetup.percentileMicros(cpuSdk, 50);
                System.out.printf("thread CPU p50: router %.1f us, direct %.1f us, added %.1f us%n", rc50, dc50, rc50 - dc50);
                direct.close();
                router.close();
                router.routing().close();
                factory.close();
            }
        }
    }

    private static long routed(RouterHandler handler, byte[] event) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        long start = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        long took = System.nanoTime() - start;
        if (!out.toString(StandardCharsets.UTF_8).startsWith("{\"statusCode\":200")) {
            throw new IllegalStateException("router answered " + out.toString(StandardCharsets.UTF_8));
        }
        return took;
    }

    private static long direct(DynamoDbClient client, String table, String id) {
        long start = System.nanoTime();
        GetItemResponse r = client.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(false));
        long took = System.nanoTime() - start;
        if (!r.hasItem()) {
            throw new IllegalStateException("no item " + id);
        }
        return took;
    }
}
