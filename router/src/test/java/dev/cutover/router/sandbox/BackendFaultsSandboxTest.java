package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.RouterResponse;
import dev.cutover.router.internal.telemetry.Telemetry;
import dev.cutover.sandbox.SandboxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The router's backend-failure paths against the sandbox's faults: a slow or unavailable primary
 * (504, 502) and a slow or failing secondary on the other account (shadow read, dual write), which
 * must never change or delay the caller's answer beyond {@code router.secondaryTimeout}. Timeouts are
 * short (secondary 1 s, backend 3 s: a loaded 2-core machine needs about 300 ms for a healthy
 * cross-account call) so the class runs in seconds.
 */
class BackendFaultsSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static final Duration SECONDARY_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BACKEND_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RouterWorld world;

    @BeforeAll
    static void setUp() {
        world = RouterWorld.provision(SANDBOX.sandbox(),
                RouterWorld.config(SANDBOX.sandbox(), Duration.ofMinutes(5), Duration.ofMinutes(1), SECONDARY_TIMEOUT, BACKEND_TIMEOUT));
        for (Side side : Side.values()) {
            world.putItem(side, "item-1", "ann", Map.of("price", AttributeValue.fromN("3")));
        }
        world.startRouter();
        // getItem: legacy with a shadow on new; createOrder: legacy with a dual write to new;
        // updateItem: new with a dual write to legacy (through the role); listOwnerItems: legacy alone.
        world.deployFlags(RoutingFlags.allLegacy(world.config())
                .with("getItem", new OperationFlag(Side.LEGACY, 0, true, false))
                .with("createOrder", new OperationFlag(Side.LEGACY, 0, false, true))
                .with("updateItem", new OperationFlag(Side.NEW, 0, false, true)));
        world.awaitFlagsPoll();
        // Warm both sides (AssumeRole, connections) so the timings below measure only the faults; on a
        // loaded machine the first calls (and their secondaries) may exceed the short timeouts, hence the retries.
        for (int i = 0; i < 3; i++) {
            world.get("/items/item-1");
            world.get("/owners/ann/items");
            world.call("POST", "/orders", "{\"customerId\":\"warm\"}");
            world.call("PUT", "/items/item-1", "{\"customerId\":\"warm\"}");
        }
        assertThat(world.get("/items/item-1").status()).isEqualTo(200);
        world.receive(Side.LEGACY, "orders", 10);
        world.receive(Side.NEW, "itemUpdates", 10);
    }

    @BeforeEach
    void clearLogs() {
        world.clearLogs();
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @Test
    void query_dynamoDbSlowerThanBackendTimeout_is504WithJsonErrorInAboutTheTimeout() throws Exception {
        SANDBOX.sandbox().faults().latency("dynamodb", Duration.ofSeconds(6));

        Timed<RouterResponse> r = timed(() -> world.get("/owners/ann/items"));

        assertThat(r.value().status()).as(r.value().body()).isEqualTo(504);
        assertIsJsonErrorWithoutInternals(r.value());
        assertThat(r.took()).isGreaterThanOrEqualTo(BACKEND_TIMEOUT).isLessThan(Duration.ofMillis(5000));
    }

    @Test
    void query_dynamoDbUnavailable_is502WithJsonError() throws Exception {
        SANDBOX.sandbox().faults().unavailable("dynamodb");

        RouterResponse r = world.get("/owners/ann/items");

        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertIsJsonErrorWithoutInternals(r);
    }

    @Test
    void shadowRead_shadowAccountSlowerThanSecondaryTimeout_answersPrimaryInTimeAndCountsTimeout() throws Exception {
        long failuresBefore = metric(Telemetry.SECONDARY_FAILURES + ":getItem");
        SANDBOX.sandbox().faults().forAccount(SANDBOX.sandbox().newAccountId()).latency("dynamodb", Duration.ofSeconds(4));

        Timed<RouterResponse> r = timed(() -> world.get("/items/item-1"));

        assertThat(r.value().status()).as(r.value().body()).isEqualTo(200);
        assertThat(JSON.readTree(r.value().body()).path("item").path("price").asInt()).isEqualTo(3);
        // secondaryTimeout (1 s) plus a generous margin for a loaded machine, far below the 4 s the shadow side takes.
        assertThat(r.took()).isLessThan(Duration.ofMillis(2500));
        assertThat(metric(Telemetry.SECONDARY_FAILURES + ":getItem") - failuresBefore).isEqualTo(1);
        assertThat(world.logs("secondary_failed")).anySatisfy(l -> assertThat(l).contains("\"operation\":\"getItem\"")
                .contains("\"side\":\"new\"").contains("\"routingKey\":\"item-1\"").contains("\"reason\":\"timeout\""));
        assertThat(world.logs("request")).anySatisfy(l -> assertThat(l).contains("\"operation\":\"getItem\"")
                .contains("\"secondary\":\"timeout\""));
    }

    @Test
    void shadowRead_primaryAlsoSlowerThanSecondaryTimeout_stillLogsReasonTimeout() throws Exception {
        // The shadow's SDK deadline (secondaryTimeout) passes while the primary is still busy, so the
        // shadow has already failed with the SDK's ApiCallTimeoutException when the request looks at it.
        long failuresBefore = metric(Telemetry.SECONDARY_FAILURES + ":getItem");
        SANDBOX.sandbox().faults().forAccount(SANDBOX.sandbox().legacyAccountId()).latency("dynamodb", Duration.ofMillis(1500));
        SANDBOX.sandbox().faults().forAccount(SANDBOX.sandbox().newAccountId()).latency("dynamodb", Duration.ofSeconds(4));

        RouterResponse r = world.get("/items/item-1");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(metric(Telemetry.SECONDARY_FAILURES + ":getItem") - failuresBefore).isEqualTo(1);
        assertThat(world.logs("secondary_failed")).anySatisfy(l -> assertThat(l).contains("\"side\":\"new\"")
                .contains("\"reason\":\"timeout\""));
    }

    @Test
    void shadowRead_shadowAccountUnavailable_answersPrimaryAndCountsFailure() throws Exception {
        long failuresBefore = metric(Telemetry.SECONDARY_FAILURES + ":getItem");
        long mismatchesBefore = metric(Telemetry.SHADOW_MISMATCHES + ":getItem");
        SANDBOX.sandbox().faults().forAccount(SANDBOX.sandbox().newAccountId()).unavailable("dynamodb");

        RouterResponse r = world.get("/items/item-1");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("item").path("owner").asText()).isEqualTo("ann");
        assertThat(metric(Telemetry.SECONDARY_FAILURES + ":getItem") - failuresBefore).isEqualTo(1);
        assertThat(metric(Telemetry.SHADOW_MISMATCHES + ":getItem") - mismatchesBefore).isZero();
        assertThat(world.logs("secondary_failed")).anySatisfy(l -> assertThat(l).contains("\"operation\":\"getItem\"")
                .contains("\"side\":\"new\"").contains("ServiceUnavailable (HTTP 503)"));
    }

    @Test
    void dualWrite_secondaryAccountUnavailable_answersPrimarysStatusAndCountsFailure() throws Exception {
        world.receive(Side.LEGACY, "orders", 10);
        long failuresBefore = metric(Telemetry.SECONDARY_FAILURES + ":createOrder");
        SANDBOX.sandbox().faults().forAccount(SANDBOX.sandbox().newAccountId()).unavailable("sqs");

        RouterResponse r = world.call("POST", "/orders", "{\"customerId\":\"dual-down\",\"total\":1}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).path("idempotencyKey").asText()).isNotEmpty();
        assertThat(r.body()).doesNotContain("new").doesNotContain("Unavailable");
        SANDBOX.sandbox().faults().clear();
        assertThat(world.receive(Side.LEGACY, "orders", 10)).hasSize(1);
        assertThat(metric(Telemetry.SECONDARY_FAILURES + ":createOrder") - failuresBefore).isEqualTo(1);
        assertThat(world.logs("secondary_failed")).anySatisfy(l -> assertThat(l).contains("\"operation\":\"createOrder\"")
                .contains("\"side\":\"new\"").contains("\"routingKey\":\"dual-down\""));
    }

    @Test
    void dualWrite_secondaryAccountDenies_answersPrimarysStatusAndCountsFailure() throws Exception {
        List<Permission> all = new Permissions(world.config()).forRouter(Side.LEGACY);
        String legacyQueue = world.config().resources(Side.LEGACY).queue("itemUpdates").name();
        long failuresBefore = metric(Telemetry.SECONDARY_FAILURES + ":updateItem");
        world.grantLegacyRole(all.stream()
                .filter(p -> !(p.action().equals("sqs:SendMessage") && p.resource().endsWith(":" + legacyQueue))).toList());
        RouterResponse r;
        try {
            r = world.call("PUT", "/items/item-1", "{\"customerId\":\"dual-denied\"}");
        } finally {
            world.grantLegacyRole(all);
        }

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).doesNotContain("denied").doesNotContain("legacy");
        assertThat(world.receive(Side.NEW, "itemUpdates", 10)).isNotEmpty();
        assertThat(metric(Telemetry.SECONDARY_FAILURES + ":updateItem") - failuresBefore).isEqualTo(1);
        assertThat(world.logs("secondary_failed")).anySatisfy(l -> assertThat(l).contains("\"operation\":\"updateItem\"")
                .contains("\"side\":\"legacy\"").contains("\"reason\":\"failed\"").contains("AccessDenied"));
        world.receive(Side.LEGACY, "itemUpdates", 10);
    }

    private static void assertIsJsonErrorWithoutInternals(RouterResponse r) throws Exception {
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("requestId").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("software.amazon");
    }

    private static long metric(String key) {
        return world.router().routing().metricCount(key);
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long started = System.nanoTime();
        T value = call.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - started));
    }

    private record Timed<T>(T value, Duration took) {
    }
}
