package dev.cutover.router.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.CutoverRouter;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.RouterRequest;
import dev.cutover.router.RoutingDecision;
import dev.cutover.router.internal.http.CallPlanner;
import dev.cutover.router.internal.http.RouteTable;
import dev.cutover.router.internal.routing.CanaryBucket;
import dev.cutover.router.sandbox.RouterWorld;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing decision of one request without any backend call: route-table match, call planning
 * (path variables, routing key, typed key), then {@link CutoverRouting#decide} (flags in force,
 * sticky canary bucket, side). The flags are real: deployed through the sandbox's AppConfig and
 * fetched by the router at init, getItem on a 25% canary with shadow reads, so every branch of the
 * decision runs. Requests cycle over 4,096 distinct item ids so the buckets vary.
 *
 * <p>SampleTime mode: JMH times single calls and reports the percentiles. Run in its own JVM:
 *
 * <pre>
 * ./mvnw -q -B -pl router -am install -DskipTests
 * ./mvnw -q -B -pl router test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp router/target/test-classes:router/target/classes:$(cat router/target/cp.txt) org.openjdk.jmh.Main RoutingDecisionBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class RoutingDecisionBench {
    private static final int KEYS = 4096;

    private Sandbox sandbox;
    private RouterWorld world;
    private CutoverRouter router;
    private CutoverRouting routing;
    private RouteTable routes;
    private CallPlanner planner;
    private RouterRequest[] requests;
    private String[] ids;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        CutoverConfig config = BenchSetup.config();
        world = RouterWorld.provision(sandbox, config);
        world.deployFlags(RoutingFlags.allLegacy(config).with("getItem", new OperationFlag(Side.LEGACY, 25, true, false)));
        router = world.startRouter();
        routing = router.routing();
        if (routing.flags().flag("getItem").canaryPercent() != 25) {
            throw new IllegalStateException("the router did not fetch the deployed flags at init: " + routing.flags());
        }
        routes = new RouteTable(config);
        planner = new CallPlanner(config, new ObjectMapper());
        requests = new RouterRequest[KEYS];
        ids = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            ids[i] = String.format("item-%06d", i);
            requests[i] = new RouterRequest("GET", "/items/" + ids[i], Map.of(), Map.of("content-type", "application/json"), null, 0,
                    "req-" + i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        world.close();
        sandbox.close();
    }

    private int nextIndex() {
        next = (next + 1) & (KEYS - 1);
        return next;
    }

    /** Everything CutoverRouter.handle does before it calls a backend. */
    @Benchmark
    public RoutingDecision routeAndDecide() {
        RouterRequest request = requests[nextIndex()];
        RouteTable.Match match = routes.match(request.method(), request.rawPath());
        CallPlanner.Plan plan = planner.plan(match, request);
        return routing.decide(match.operation().name(), plan.routingKey());
    }

    /** The library API's part alone: flags in force, bucket, side (what a team with its own handler pays). */
    @Benchmark
    public RoutingDecision decideOnly() {
        return routing.decide("getItem", ids[nextIndex()]);
    }

    /** The sticky canary bucket alone (murmur3_32 of "operation:key"). */
    @Benchmark
    public int canaryBucket() {
        return CanaryBucket.of("getItem", ids[nextIndex()]);
    }
}
