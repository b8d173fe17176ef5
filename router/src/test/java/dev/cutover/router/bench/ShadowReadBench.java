package dev.cutover.router.bench;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.CutoverRouter;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.RouterHandler;
import dev.cutover.router.internal.routing.CanaryBucket;
import dev.cutover.router.sandbox.RouterWorld;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a shadow read adds to a getItem through the router: three operations on the same table and items, served by
 * legacy, one without shadow, one with shadow at 100% and one at 10% ({@code shadowPercent}), called in rotation
 * (the order rotates each round), so the shared machine's drift hits all three alike. The shadow runs on the
 * secondary executor in parallel with the primary; the request waits for it (at most {@code router.secondaryTimeout}).
 *
 * <pre>
 * CP=router/target/test-classes:router/target/classes:$(cat router/target/cp.txt)
 * java -cp $CP dev.cutover.router.bench.ShadowReadBench [rounds] [warmupRounds]
 * </pre>
 */
public final class ShadowReadBench {
    private static final int ITEMS = 64;
    private static final String[] PREFIXES = {"/items/", "/shadow-all/", "/shadow-tenth/"};
    private static final String[] NAMES = {"no shadow", "shadow 100%", "shadow 10%"};

    private ShadowReadBench() {
    }

    static CutoverConfig config() {
        String extra = """

                  - name: shadowAll
                    route: GET /shadow-all/{id}
                    action: {type: "dynamodb:GetItem", table: items, key: {id: "{id}"}}

                  - name: shadowTenth
                    route: GET /shadow-tenth/{id}
                    action: {type: "dynamodb:GetItem", table: items, key: {id: "{id}"}}
                """;
        return CutoverConfig.parse(CutoverConfig.exampleText().stripTrailing() + "\n" + extra, "shadow-bench.yaml");
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : Math.max(2_000, rounds / 3);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            CutoverConfig config = config();
            try (RouterWorld world = RouterWorld.provision(sandbox, config)) {
                String[] ids = new String[ITEMS];
                for (int i = 0; i < ITEMS; i++) {
                    ids[i] = String.format("item-%06d", i);
                    for (Side side : Side.values()) {
                        world.putItem(side, ids[i], "ann", Map.of("price", AttributeValue.fromN("12.50"),
                                "title", AttributeValue.fromS("a bench item")));
                    }
                }
                world.deployFlags(RoutingFlags.allLegacy(config)
                        .with("shadowAll", new OperationFlag(Side.LEGACY, 0, true, false))
                        .with("shadowTenth", new OperationFlag(Side.LEGACY, 0, true, false).withShadowPercent(10)));
                AwsClientFactory factory = AwsClientFactory.builder().endpoint(sandbox.endpoint())
                        .newAccountCredentials(world.root(Side.NEW)).apiCallTimeout(config.router().backendTimeout()).build(config);
                LongAdder compared = new LongAdder();
                CutoverRouting routing = CutoverRouting.builder(config, factory).logSink(line -> {
                    if (line.contains("\"secondary\":\"match\"")) {
                        compared.increment(); // the proof that shadows ran: each compared read says so in its request line
                    }
                }).build();
                CutoverRouter router = CutoverRouter.on(routing);
                // The deployment may land after the init fetch: wait (polls every appConfig.pollInterval) until it is in force.
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (!routing.flags().flag("shadowTenth").shadow()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the shadow flags are not in force after 120 s");
                    }
                    Thread.sleep(250);
                }
                RouterHandler handler = new RouterHandler(router);

                long[][] samples = new long[3][rounds];
                for (int i = -warmup; i < rounds; i++) {
                    String id = ids[Math.floorMod(i, ITEMS)];
                    for (int k = 0; k < 3; k++) {
                        int which = Math.floorMod(i + k, 3);
                        long took = routed(handler, BenchSetup.event(PREFIXES[which], id, "bench-" + which + "-" + i));
                        if (i >= 0) {
                            samples[which][i] = took;
                        }
                    }
                }
                System.out.printf("rounds=%d warmup=%d sampled at 10%%: %d of %d; shadow reads that matched (warm-up included): %d;"
                        + " mismatches=%d secondaryFailures=%d%n", rounds, warmup, sampledAtTenPercent(rounds), rounds, compared.sum(),
                        routing.metricCount("ShadowMismatches"), routing.metricCount("SecondaryFailures"));
                if (compared.sum() == 0) {
                    throw new IllegalStateException("no shadow read ran: the numbers would not measure one");
                }
                double base50 = 0;
                double base99 = 0;
                for (int k = 0; k < 3; k++) {
                    Arrays.sort(samples[k]);
                    double p50 = BenchSetup.percentileMicros(samples[k], 50);
                    double p99 = BenchSetup.percentileMicros(samples[k], 99);
                    if (k == 0) {
                        base50 = p50;
                        base99 = p99;
                    }
                    System.out.printf("%-12s p50=%.1f us p90=%.1f us p99=%.1f us   added p50=%.1f us p99=%.1f us%n", NAMES[k], p50,
                            BenchSetup.percentileMicros(samples[k], 90), p99, p50 - base50, p99 - base99);
                }
                router.close();
                routing.close();
                factory.close();
            }
        }
    }

    /** How many measured shadowTenth requests the 10% sampling picked (the same hash of the request id the router uses). */
    private static long sampledAtTenPercent(int rounds) {
        long n = 0;
        for (int i = 0; i < rounds; i++) {
            if (CanaryBucket.sample("bench-2-" + i) < OperationFlag.BUCKETS / 10) {
                n++;
            }
        }
        return n;
    }

    private static long routed(RouterHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        long start = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        long took = System.nanoTime() - start;
        if (!out.toString(StandardCharsets.UTF_8).startsWith("{\"statusCode\":200")) {
            throw new IllegalStateException("router answered " + out.toString(StandardCharsets.UTF_8));
        }
        return took;
    }
}
