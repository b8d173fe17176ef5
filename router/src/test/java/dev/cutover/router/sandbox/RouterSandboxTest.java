package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.Side;
import dev.cutover.router.RouterResponse;
import dev.cutover.sandbox.SandboxExtension;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.LocalRouterServer;
import dev.cutover.router.internal.routing.CanaryBucket;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The router against the sandbox with real SDK clients: every route through the cross-account role,
 * flags deployed through AppConfig, canary, shadow, dual write, kill switch, AppConfig failures,
 * error mapping, and the bad-request corpus. One sandbox for the class (starting one takes seconds).
 */
class RouterSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RouterWorld world;

    @BeforeAll
    static void setUp() {
        world = RouterWorld.provision(SANDBOX.sandbox(),
                RouterWorld.config(SANDBOX.sandbox(), Duration.ofMinutes(5), Duration.ofMinutes(1)));
        world.putItem(Side.LEGACY, "item-1", "ann", Map.of("price", AttributeValue.fromN("12.50"),
                "tags", AttributeValue.fromSs(java.util.List.of("a"))));
        world.putItem(Side.LEGACY, "item-2", "ann", Map.of());
        world.startRouter();
    }

    /** Deploys {@code flags} through AppConfig and waits one poll interval. */
    private static void deploy(RoutingFlags flags) {
        world.deployFlags(flags);
        world.awaitFlagsPoll();
    }

    private static RoutingFlags legacy() {
        return RoutingFlags.allLegacy(world.config());
    }

    private static String servedBy(RouterResponse r) throws Exception {
        return JSON.readTree(r.body()).path("item").path("side").asText();
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    private static JsonNode body(RouterResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void getItem_onLegacy_answersPlainJsonItem() throws Exception {
        RouterResponse r = world.get("/items/item-1");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("item").path("price").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(body(r).path("item").path("owner").asText()).isEqualTo("ann");
    }

    @Test
    void getItem_missingItem_is404WithRequestId() throws Exception {
        RouterResponse r = world.get("/items/nope");
        assertThat(r.status()).isEqualTo(404);
        assertThat(body(r).path("requestId").asText()).isNotEmpty();
    }

    @Test
    void listOwnerItems_onLegacy_answersItemsAndCount() throws Exception {
        RouterResponse r = world.get("/owners/ann/items");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("count").asInt()).isEqualTo(2);
    }

    @Test
    void createOrder_onLegacy_is202AndMessageCarriesIdempotencyKey() throws Exception {
        RouterResponse r = world.call("POST", "/orders", "{\"customerId\":\"c-1\",\"total\":3}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String key = body(r).path("idempotencyKey").asText();
        var messages = world.receive(Side.LEGACY, "orders", 10);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).messageAttributes().get("idempotencyKey").stringValue()).isEqualTo(key);
    }

    @Test
    void getSetting_onLegacy_answersPublicNameAndDecryptedValue() throws Exception {
        RouterResponse r = world.get("/settings/currency");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("name").asText()).isEqualTo("currency");
        assertThat(body(r).path("value").asText()).isEqualTo("EUR");
        assertThat(body(r).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void getSetting_missingParameter_is404() {
        assertThat(world.get("/settings/absent").status()).isEqualTo(404);
    }

    @Test
    void flagChange_deployedThroughAppConfig_takesEffectWithinOnePollInterval() throws Exception {
        world.putItem(Side.LEGACY, "flip-1", "bob", Map.of("side", AttributeValue.fromS("legacy")));
        world.putItem(Side.NEW, "flip-1", "bob", Map.of("side", AttributeValue.fromS("new")));
        deploy(legacy());
        assertThat(servedBy(world.get("/items/flip-1"))).isEqualTo("legacy");

        world.deployFlags(legacy().with("getItem", new OperationFlag(Side.NEW, 0, false, false)));
        world.awaitFlagsPoll();

        assertThat(servedBy(world.get("/items/flip-1"))).isEqualTo("new");
        assertThat(world.logs("flags_changed")).isNotEmpty();
    }

    @Test
    void canary_30Percent_routesEachKeyToItsBucketsSideStickily() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String key = "canary-" + i;
            keys.add(key);
            world.putItem(Side.LEGACY, key, "canary", Map.of("side", AttributeValue.fromS("legacy")));
            world.putItem(Side.NEW, key, "canary", Map.of("side", AttributeValue.fromS("new")));
        }
        OperationFlag canary = new OperationFlag(Side.LEGACY, 30, false, false);
        deploy(legacy().with("getItem", canary));

        int onNew = 0;
        for (String key : keys) {
            String expected = canary.sideFor(CanaryBucket.of("getItem", key)).id();
            String first = servedBy(world.get("/items/" + key));
            String second = servedBy(world.get("/items/" + key));
            assertThat(first).as(key).isEqualTo(expected).isEqualTo(second);
            onNew += first.equals("new") ? 1 : 0;
        }
        assertThat(onNew).isBetween(12, 36); // 30% of 80 = 24; the exact 2-point check over 10,000 keys is CanaryBucketTest's
    }

    @Test
    void shadow_differentItemOnOtherSide_countsAndLogsMismatchAndAnswersFromPrimary() throws Exception {
        world.putItem(Side.LEGACY, "shadow-same", "sh", Map.of("price", AttributeValue.fromN("1")));
        world.putItem(Side.NEW, "shadow-same", "sh", Map.of("price", AttributeValue.fromN("1.0")));
        world.putItem(Side.LEGACY, "shadow-diff", "sh", Map.of("price", AttributeValue.fromN("1")));
        world.putItem(Side.NEW, "shadow-diff", "sh", Map.of("price", AttributeValue.fromN("2")));
        deploy(legacy().with("getItem", new OperationFlag(Side.LEGACY, 0, true, false)));
        Metrics telemetry = telemetry();
        long before = telemetry.count(Telemetry.SHADOW_MISMATCHES + ":getItem");

        RouterResponse same = world.get("/items/shadow-same");
        RouterResponse diff = world.get("/items/shadow-diff");

        assertThat(same.status()).isEqualTo(200);
        assertThat(body(diff).path("item").path("price").asInt()).isEqualTo(1);
        assertThat(telemetry.count(Telemetry.SHADOW_MISMATCHES + ":getItem") - before).isEqualTo(1);
        assertThat(world.logs("shadow_mismatch")).anySatisfy(line -> assertThat(line).contains("\"routingKey\":\"shadow-diff\"")
                .contains("item.price"));
    }

    @Test
    void dualWrite_createOrder_deliversToBothQueuesWithOneIdempotencyKey() throws Exception {
        world.receive(Side.LEGACY, "orders", 10);
        world.receive(Side.NEW, "orders", 10);
        deploy(legacy().with("createOrder", new OperationFlag(Side.LEGACY, 0, false, true)));

        RouterResponse r = world.call("POST", "/orders", "{\"customerId\":\"dual-1\",\"total\":9}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String key = body(r).path("idempotencyKey").asText();
        for (Side side : Side.values()) {
            List<Message> messages = world.receive(side, "orders", 10);
            assertThat(messages).as(side.id()).hasSize(1);
            assertThat(messages.get(0).messageAttributes().get("idempotencyKey").stringValue()).isEqualTo(key);
            assertThat(messages.get(0).body()).contains("dual-1");
            assertThat(messages.get(0).attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, key);
        }
    }

    @Test
    void killSwitch_enabled_sendsEverythingToLegacyWhateverTheFlags() throws Exception {
        world.putItem(Side.LEGACY, "kill-1", "k", Map.of("side", AttributeValue.fromS("legacy")));
        world.putItem(Side.NEW, "kill-1", "k", Map.of("side", AttributeValue.fromS("new")));
        RoutingFlags allNew = legacy().with("getItem", new OperationFlag(Side.NEW, 0, false, false));
        deploy(allNew);
        assertThat(servedBy(world.get("/items/kill-1"))).isEqualTo("new");

        deploy(allNew.withKillSwitch(true));

        assertThat(servedBy(world.get("/items/kill-1"))).isEqualTo("legacy");
    }

    @Test
    void appConfigUnavailable_servesLastGoodFlagsWithZeroFailedRequests() throws Exception {
        world.putItem(Side.LEGACY, "outage-1", "o", Map.of("side", AttributeValue.fromS("legacy")));
        world.putItem(Side.NEW, "outage-1", "o", Map.of("side", AttributeValue.fromS("new")));
        deploy(legacy().with("getItem", new OperationFlag(Side.NEW, 0, false, false)));
        assertThat(servedBy(world.get("/items/outage-1"))).isEqualTo("new");
        Metrics telemetry = telemetry();
        long errorsBefore = telemetry.count(Telemetry.FLAG_FETCH_ERRORS);
        int warnsBefore = world.logs("flags_fetch_failed").size();

        SANDBOX.sandbox().faults().unavailable("appconfigdata");
        long until = System.nanoTime() + Duration.ofMillis(3500).toNanos();
        long bound = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int requests = 0;
        // 3.5 s of outage and at least 12 requests, however slow a loaded machine makes each one
        while (System.nanoTime() < until || requests < 12 && System.nanoTime() < bound) {
            RouterResponse r = world.get("/items/outage-1");
            assertThat(r.status()).isEqualTo(200);
            assertThat(servedBy(r)).isEqualTo("new");
            requests++;
            RouterWorld.sleep(Duration.ofMillis(50));
        }
        SANDBOX.sandbox().faults().clear();

        assertThat(requests).isGreaterThan(10);
        assertThat(telemetry.count(Telemetry.FLAG_FETCH_ERRORS) - errorsBefore).isGreaterThanOrEqualTo(2);
        assertThat(world.logs("flags_fetch_failed").size() - warnsBefore).isEqualTo(1);
    }

    @Test
    void invalidFlagsDocument_servesLastGoodFlagsAndCountsTheError() throws Exception {
        world.putItem(Side.LEGACY, "invalid-1", "i", Map.of("side", AttributeValue.fromS("legacy")));
        world.putItem(Side.NEW, "invalid-1", "i", Map.of("side", AttributeValue.fromS("new")));
        deploy(legacy().with("getItem", new OperationFlag(Side.NEW, 0, false, false)));
        assertThat(servedBy(world.get("/items/invalid-1"))).isEqualTo("new"); // a good fetch ends any earlier failure streak
        long errorsBefore = telemetry().count(Telemetry.FLAG_FETCH_ERRORS);

        // A FeatureFlags document AppConfig accepts (any string target) but whose target the router cannot use.
        world.deployDocument("{\"version\":\"1\",\"flags\":{\"getItem\":{\"name\":\"getItem\","
                + "\"attributes\":{\"target\":{\"constraints\":{\"type\":\"string\"}}}}},"
                + "\"values\":{\"getItem\":{\"enabled\":true,\"target\":\"sideways\"}}}");
        world.awaitFlagsPoll();

        for (int i = 0; i < 5; i++) {
            RouterResponse r = world.get("/items/invalid-1");
            assertThat(r.status()).isEqualTo(200);
            assertThat(servedBy(r)).isEqualTo("new");
        }
        assertThat(telemetry().count(Telemetry.FLAG_FETCH_ERRORS) - errorsBefore).isGreaterThanOrEqualTo(1);
        assertThat(world.logs("flags_fetch_failed")).anySatisfy(l -> assertThat(l).contains("sideways"));
    }

    @Test
    void backendThrottlingAfterSdkRetries_is429() throws Exception {
        deploy(legacy());
        SANDBOX.sandbox().faults().throttle("dynamodb", "GetItem", 1.0);

        RouterResponse r = world.get("/items/item-1");

        assertThat(r.status()).as(r.body()).isEqualTo(429);
        assertThat(r.headers()).containsKey("retry-after");
    }

    @Test
    void legacyRole_missingOnePermission_failsExactlyTheRoutesNeedingIt() throws Exception {
        deploy(legacy());
        Permissions permissions = new Permissions(world.config());
        List<Permission> all = permissions.forRouter(Side.LEGACY);
        Map<String, String> probes = Map.of("getItem", "GET /items/item-1", "listOwnerItems", "GET /owners/ann/items",
                "createOrder", "POST /orders", "updateItem", "PUT /items/item-1", "getSetting", "GET /settings/currency");
        try {
            for (Permission removed : all) {
                List<Permission> granted = new ArrayList<>(all);
                granted.remove(removed);
                world.grantLegacyRole(granted);
                world.clearLogs();
                for (var probe : probes.entrySet()) {
                    String[] parts = probe.getValue().split(" ");
                    RouterResponse r = world.call(parts[0], parts[1], parts[0].equals("GET") ? null : "{\"customerId\":\"c-iam\"}");
                    boolean needs = permissions.forOperation(world.config().operation(probe.getKey()).orElseThrow(), Side.LEGACY)
                            .stream().anyMatch(p -> p.action().equals(removed.action()) && p.resource().equals(removed.resource()));
                    if (needs) {
                        assertThat(r.status()).as(probe.getKey() + " without " + removed.action()).isEqualTo(502);
                        // AWS's message names the exact resource, which the missing grant's resource (maybe a wildcard) covers.
                        String resource = java.util.regex.Pattern.quote(removed.resource()).replace("*", "\\E[^\"]*\\Q");
                        assertThat(world.logs("missing_permission")).as(removed.action()).anySatisfy(l -> assertThat(l)
                                .containsPattern("\"missingPermission\":\"" + java.util.regex.Pattern.quote(removed.action()) + " on "
                                        + resource + "\""));
                    } else {
                        assertThat(r.status()).as(probe.getKey() + " without " + removed.action()).isBetween(200, 299);
                    }
                }
            }
        } finally {
            world.grantLegacyRole(all);
            world.receive(Side.LEGACY, "orders", 10);
            world.receive(Side.LEGACY, "itemUpdates", 10);
        }
    }

    @Test
    void badRequestCorpus_overHttp_all4xxAndNothingForwarded() throws Exception {
        deploy(legacy());
        List<String[]> corpus = List.of(
                new String[] {"POST", "/orders", "{not json"},
                new String[] {"POST", "/orders", "[1,2,3]"},
                new String[] {"POST", "/orders", ""},
                new String[] {"POST", "/orders", "{\"customerId\":\"" + "x".repeat(70_000) + "\"}"},
                new String[] {"POST", "/orders", "{\"customerId\":{\"$ne\":null}}"},
                new String[] {"POST", "/orders", "{\"customerId\":\"a' OR '1'='1\"}"},
                new String[] {"POST", "/orders", "{\"total\":5}"},
                new String[] {"GET", "/items/..%2F..%2Fetc%2Fpasswd", null},
                new String[] {"GET", "/items/%2e%2e", null},
                new String[] {"GET", "/settings/..%2F..%2Fnew%2Fsecret", null},
                new String[] {"GET", "/settings/%24%7Bjndi:ldap:%2F%2Fx%7D", null},
                new String[] {"GET", "/settings/a%00b", null},
                new String[] {"GET", "/items/%3Cscript%3E", null},
                new String[] {"GET", "/owners/ann%22%20OR%201=1/items", null},
                new String[] {"GET", "/admin", null},
                new String[] {"GET", "/items", null},
                new String[] {"DELETE", "/items/item-1", null},
                new String[] {"POST", "/items/item-1", "{}"},
                new String[] {"PATCH", "/settings/currency", "{}"});
        SANDBOX.sandbox().resetRequestCounts();
        HttpClient http = HttpClient.newHttpClient();
        try (LocalRouterServer server = LocalRouterServer.start(world.router(), 0)) {
            for (String[] c : corpus) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + c[1]));
                b.method(c[0], c[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c[2]));
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(c[0] + " " + c[1]).isBetween(400, 499);
                JsonNode error = JSON.readTree(r.body());
                assertThat(error.path("message").asText()).as(c[1]).isNotEmpty();
                assertThat(error.path("requestId").asText()).isNotEmpty();
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
                if (r.statusCode() == 405) {
                    assertThat(r.headers().firstValue("allow")).isPresent();
                }
            }
        }
        assertThat(world.backendRequests()).as(SANDBOX.sandbox().requestCounts().toString()).isZero();
    }

    private static Metrics telemetry() {
        return key -> world.router().routing().metricCount(key);
    }

    /** Metric counts of the router under test. */
    private interface Metrics {
        long count(String key);
    }
}
