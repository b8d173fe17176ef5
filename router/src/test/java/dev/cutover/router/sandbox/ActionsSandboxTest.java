package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.LocalRouterServer;
import dev.cutover.router.RouterResponse;
import dev.cutover.sandbox.SandboxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The new action kinds against the sandbox (src/test/resources/actions.yaml): PutItem, UpdateItem, DeleteItem, Query
 * with sort-key condition, filter, order and cursor, BatchGetItem, SendMessage limits, GetParametersByPath; on either
 * side, canary, shadow, dual write, a missing grant and bad input.
 */
class ActionsSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RouterWorld world;

    @BeforeAll
    static void setUp() throws IOException {
        String text;
        try (InputStream in = ActionsSandboxTest.class.getResourceAsStream("/actions.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        CutoverConfig config = RouterWorld.sandboxed(SANDBOX.sandbox(), CutoverConfig.parse(text, "actions.yaml"),
                Duration.ofMinutes(5), Duration.ofMinutes(1));
        world = RouterWorld.provision(SANDBOX.sandbox(), config);
        for (Side side : Side.values()) {
            String table = config.resources(side).table("events").name();
            for (int i = 1; i <= 5; i++) {
                String at = "2024-01-0" + i;
                String kind = i == 3 ? "noise" : "order";
                world.dynamoDb(side).putItem(b -> b.tableName(table).item(Map.of("owner", AttributeValue.fromS("ann"),
                        "at", AttributeValue.fromS(at), "kind", AttributeValue.fromS(kind), "side", AttributeValue.fromS(side.id()))));
            }
            String tree = config.resources(side).parameterTree("settings").path();
            world.ssm(side).putParameter(b -> b.name(tree + "/shop/name").value("Shop").type(ParameterType.STRING));
        }
        world.startRouter();
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @BeforeEach
    void allLegacy() {
        deploy(RoutingFlags.allLegacy(world.config()));
    }

    private static void deploy(RoutingFlags flags) {
        world.deployFlags(flags);
        world.awaitFlagsPoll();
    }

    private static RoutingFlags with(String operation, OperationFlag flag) {
        return RoutingFlags.allLegacy(world.config()).with(operation, flag);
    }

    private static JsonNode body(RouterResponse r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static Map<String, AttributeValue> item(Side side, String id) {
        return world.dynamoDb(side).getItem(b -> b.tableName(world.config().resources(side).table("items").name())
                .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

    @Test
    void putItem_onLegacy_writesBodyWithFullNumberPrecisionAndConditionRefusesSecondPut() throws Exception {
        // DynamoDB trims trailing zeros itself (19.90 is stored as 19.9); what the router must keep is every digit.
        String big = "12345678901234567890.123456789";
        RouterResponse r = world.call("PUT", "/items/put-1", "{\"owner\":\"ann\",\"price\":" + big + ",\"tags\":[\"a\",1.50]}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(item(Side.LEGACY, "put-1").get("price").n()).isEqualTo(big);
        assertThat(new java.math.BigDecimal(item(Side.LEGACY, "put-1").get("tags").l().get(1).n())).isEqualByComparingTo("1.5");
        assertThat(r.body()).contains(big);
        assertThat(item(Side.NEW, "put-1")).isEmpty();
        assertThat(world.call("PUT", "/items/put-1", "{\"owner\":\"bob\"}").status()).isEqualTo(409);
        assertThat(item(Side.LEGACY, "put-1").get("owner").s()).isEqualTo("ann");
    }

    @Test
    void putItem_targetNew_writesOnlyNew() {
        deploy(with("putItem", new OperationFlag(Side.NEW, 0, false, false)));

        assertThat(world.call("PUT", "/items/put-new", "{\"owner\":\"ann\"}").status()).isEqualTo(200);

        assertThat(item(Side.NEW, "put-new")).containsKey("owner");
        assertThat(item(Side.LEGACY, "put-new")).isEmpty();
    }

    @Test
    void putItem_dualWrite_writesBothSides() {
        deploy(with("putItem", new OperationFlag(Side.LEGACY, 0, false, true)));

        assertThat(world.call("PUT", "/items/put-dual", "{\"owner\":\"ann\",\"price\":7.10}").status()).isEqualTo(200);

        for (Side side : Side.values()) {
            assertThat(item(side, "put-dual").get("price").n()).as(side.id()).isEqualTo("7.1");
        }
    }

    @Test
    void transactWrite_onLegacy_putsTheItemAndAddsToTheCounter_andAFailedConditionWritesNeither() throws Exception {
        RouterResponse r = world.call("POST", "/owners/tx/items/tx-1", "{\"quantity\":2,\"name\":\"lamp\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(item(Side.LEGACY, "tx-1").get("name").s()).isEqualTo("lamp");
        assertThat(item(Side.LEGACY, "count#tx").get("itemCount").n()).isEqualTo("2");
        assertThat(body(r).path("counterKey").path("id").asText()).isEqualTo("count#tx");
        assertThat(item(Side.NEW, "tx-1")).isEmpty();

        RouterResponse again = world.call("POST", "/owners/tx/items/tx-1", "{\"quantity\":5}");

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(item(Side.LEGACY, "count#tx").get("itemCount").n()).as("the counter is not added to").isEqualTo("2");
    }

    @Test
    void transactWrite_canary100OnNew_writesOnlyNew() {
        deploy(with("addOwnedItem", new OperationFlag(Side.LEGACY, 100, false, false)));

        assertThat(world.call("POST", "/owners/txn/items/tx-new", "{\"quantity\":1}").status()).isEqualTo(200);

        assertThat(item(Side.NEW, "count#txn").get("itemCount").n()).isEqualTo("1");
        assertThat(item(Side.LEGACY, "tx-new")).isEmpty();
        assertThat(item(Side.LEGACY, "count#txn")).isEmpty();
    }

    @Test
    void transactWrite_dualWrite_writesBothItemsOnBothSides() {
        deploy(with("addOwnedItem", new OperationFlag(Side.LEGACY, 0, false, true)));

        assertThat(world.call("POST", "/owners/txd/items/tx-dual", "{\"quantity\":3}").status()).isEqualTo(200);

        for (Side side : Side.values()) {
            assertThat(item(side, "tx-dual")).as(side.id()).containsKey("quantity");
            assertThat(item(side, "count#txd").get("itemCount").n()).as(side.id()).isEqualTo("3");
        }
    }

    @Test
    void transactWrite_badInput_is400AndWritesNothing() {
        RouterResponse notAnObject = world.call("POST", "/owners/txb/items/tx-bad", "[1]");
        RouterResponse sameKey = world.call("POST", "/owners/txb/items/count%23txb", "{\"quantity\":1}");

        assertThat(notAnObject.status()).as(notAnObject.body()).isEqualTo(400);
        assertThat(sameKey.status()).as(sameKey.body()).isEqualTo(400);
        assertThat(sameKey.body()).contains("same key");
        assertThat(item(Side.LEGACY, "tx-bad")).isEmpty();
        assertThat(item(Side.LEGACY, "count#txb")).isEmpty();
    }

    @Test
    void updateItem_existingItem_setsValueFromBodyAndMissingItemIs409() throws Exception {
        world.putItem(Side.LEGACY, "upd-1", "ann", Map.of("price", AttributeValue.fromN("1")));

        RouterResponse r = world.call("PATCH", "/items/upd-1", "{\"price\":2.50}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("item").path("owner").asText()).isEqualTo("ann");
        assertThat(item(Side.LEGACY, "upd-1").get("price").n()).isEqualTo("2.5");
        assertThat(world.call("PATCH", "/items/upd-absent", "{\"price\":1}").status()).isEqualTo(409);
        assertThat(world.call("PATCH", "/items/upd-1", "{\"cost\":1}").status()).isEqualTo(400);
    }

    @Test
    void updateItem_dualWrite_updatesBothSides() {
        world.putItem(Side.LEGACY, "upd-dual", "ann", Map.of());
        world.putItem(Side.NEW, "upd-dual", "ann", Map.of());
        deploy(with("patchItem", new OperationFlag(Side.LEGACY, 0, false, true)));

        assertThat(world.call("PATCH", "/items/upd-dual", "{\"price\":3}").status()).isEqualTo(200);

        for (Side side : Side.values()) {
            assertThat(item(side, "upd-dual").get("price").n()).as(side.id()).isEqualTo("3");
        }
    }

    @Test
    void deleteItem_existingThenAbsent_answersDeletedTrueThenFalse() throws Exception {
        world.putItem(Side.LEGACY, "del-1", "ann", Map.of());

        assertThat(body(world.call("DELETE", "/items/del-1", null)).path("deleted").asBoolean()).isTrue();
        assertThat(body(world.call("DELETE", "/items/del-1", null)).path("deleted").asBoolean()).isFalse();
        assertThat(item(Side.LEGACY, "del-1")).isEmpty();
    }

    @Test
    void query_sortKeyBetweenFilterDescending_pagesThroughEncryptedCursor() throws Exception {
        String base = "/owners/ann/events?from=2024-01-01&to=2024-01-04&skip=noise";
        RouterResponse first = world.get(base);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String cursor = body(first).path("cursor").asText();
        assertThat(cursor).isNotEmpty().doesNotContain("2024").doesNotContain("ann");

        List<String> seen = new ArrayList<>();
        body(first).path("items").forEach(i -> seen.add(i.path("at").asText()));
        String next = cursor;
        while (!next.isEmpty()) {
            JsonNode page = body(world.get(base + "&cursor=" + next));
            page.path("items").forEach(i -> seen.add(i.path("at").asText()));
            next = page.path("cursor").asText();
        }
        assertThat(seen).containsExactly("2024-01-04", "2024-01-02", "2024-01-01");
    }

    @Test
    void query_tamperedOrForeignCursor_is400() throws Exception {
        String cursor = body(world.get("/owners/ann/events?from=2024-01-01&to=2024-01-05&skip=x")).path("cursor").asText();
        char last = cursor.charAt(cursor.length() - 2);
        String tampered = cursor.substring(0, cursor.length() - 2) + (last == 'A' ? 'B' : 'A') + cursor.charAt(cursor.length() - 1);

        assertThat(world.get("/owners/ann/events?from=2024-01-01&to=2024-01-05&skip=x&cursor=" + tampered).status()).isEqualTo(400);
        assertThat(world.get("/owners/bob/events?from=2024-01-01&to=2024-01-05&skip=x&cursor=" + cursor).status()).isEqualTo(400);
        assertThat(world.get("/owners/ann/events?from=2024-01-01&to=2024-01-05&skip=x&cursor=abc").status()).isEqualTo(400);
    }

    @Test
    void query_shadowOnOtherSideDiffers_logsMismatch() {
        world.clearLogs();
        deploy(with("listEvents", new OperationFlag(Side.LEGACY, 0, true, false)));

        RouterResponse r = world.get("/owners/ann/events?from=2024-01-01&to=2024-01-05&skip=x");

        assertThat(r.status()).isEqualTo(200);
        assertThat(world.logs("shadow_mismatch")).anySatisfy(l -> assertThat(l).contains("listEvents").contains("differingFields"));
    }

    @Test
    void query_canary100OnNew_servesFromNew() throws Exception {
        deploy(with("listEvents", new OperationFlag(Side.LEGACY, 100, false, false)));

        JsonNode page = body(world.get("/owners/ann/events?from=2024-01-01&to=2024-01-05&skip=x"));

        assertThat(page.path("items").get(0).path("side").asText()).isEqualTo("new");
    }

    @Test
    void batchGet_ids_answersFoundItemsInOrderAsked() throws Exception {
        world.putItem(Side.LEGACY, "b-1", "ann", Map.of());
        world.putItem(Side.LEGACY, "b-2", "ann", Map.of());

        RouterResponse r = world.call("POST", "/items/batch", "{\"tenant\":\"t1\",\"ids\":[\"b-2\",\"b-absent\",\"b-1\"]}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        body(r).path("items").forEach(i -> ids.add(i.path("id").asText()));
        assertThat(ids).containsExactly("b-2", "b-1");
    }

    @Test
    void batchGet_badIds_is400() {
        String many = IntStream.range(0, 101).mapToObj(i -> "\"x" + i + "\"").collect(Collectors.joining(","));
        for (String body : List.of("{\"tenant\":\"t\",\"ids\":[]}", "{\"tenant\":\"t\",\"ids\":[" + many + "]}",
                "{\"tenant\":\"t\",\"ids\":[\"a\",\"a\"]}", "{\"tenant\":\"t\",\"ids\":\"a\"}", "{\"tenant\":\"t\",\"ids\":[\"../x\"]}")) {
            assertThat(world.call("POST", "/items/batch", body).status()).as(body).isEqualTo(400);
        }
    }

    @Test
    void batchGet_shadowDiffers_logsMismatch() {
        world.putItem(Side.LEGACY, "bs-1", "ann", Map.of());
        world.clearLogs();
        deploy(with("batchGet", new OperationFlag(Side.LEGACY, 0, true, false)));

        assertThat(world.call("POST", "/items/batch", "{\"tenant\":\"t\",\"ids\":[\"bs-1\"]}").status()).isEqualTo(200);

        assertThat(world.logs("shadow_mismatch")).anySatisfy(l -> assertThat(l).contains("batchGet"));
    }

    @Test
    void sendMessage_bodyKeepsExactTextAndOverLongGroupIdIs400NotForwarded() throws Exception {
        world.receive(Side.LEGACY, "orders", 10);
        String body = "{\"customerId\":\"c-1\", \"total\": 19.90}";

        assertThat(world.call("POST", "/orders", body).status()).isEqualTo(202);
        List<Message> messages = world.receive(Side.LEGACY, "orders", 10);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).isEqualTo(body);

        RouterResponse r = world.call("POST", "/orders", "{\"customerId\":\"" + "g".repeat(129) + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).path("message").asText()).contains("messageGroupId", "128");
        assertThat(world.receive(Side.LEGACY, "orders", 10)).isEmpty();
    }

    @Test
    void strictBody_duplicateKeyOrTrailingContent_is400() {
        for (String body : List.of("{\"customerId\":\"a\",\"customerId\":\"b\"}", "{\"customerId\":\"a\"} {}",
                "{\"customerId\":\"a\"}x")) {
            assertThat(world.call("POST", "/orders", body).status()).as(body).isEqualTo(400);
        }
        assertThat(world.receive(Side.LEGACY, "orders", 10)).isEmpty();
    }

    @Test
    void strictBody_notUtf8OverHttp_is400NamingTheByte() throws Exception {
        // GIVEN the local router over HTTP, so the body travels as bytes; 0xFF never occurs in UTF-8
        byte[] body = "{\"customerId\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        body[15] = (byte) 0xFF;
        try (LocalRouterServer server = LocalRouterServer.start(world.router(), 0)) {
            // WHEN it is posted
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve("/orders"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());

            // THEN 400 says what was wrong and how to fix it, and nothing was sent
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("request body is not valid UTF-8: byte 0xFF at"
                    + " offset 15 does not start or continue a UTF-8 character; send the body encoded as UTF-8");
        }
        assertThat(world.receive(Side.LEGACY, "orders", 10)).isEmpty();
    }

    @Test
    void getParametersByPath_listsRelativeNamesWithoutSecureStringValues() throws Exception {
        RouterResponse r = world.get("/settings");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode list = body(r).path("parameters");
        assertThat(list.findValuesAsText("name")).contains("currency", "shop/name");
        for (JsonNode p : list) {
            assertThat(p.has("value")).as(p.toString()).isEqualTo(!p.path("type").asText().equals("SecureString"));
        }
    }

    @Test
    void legacyRole_missingTheGrantOfAnOperation_is502NamingIt() throws Exception {
        Permissions permissions = new Permissions(world.config());
        List<Permission> all = permissions.forRouter(Side.LEGACY);
        Map<String, String[]> probes = Map.of(
                "putItem", new String[] {"PUT", "/items/iam-1", "{\"owner\":\"x\"}"},
                "addOwnedItem", new String[] {"POST", "/owners/iam/items/iam-tx", "{\"quantity\":1}"},
                "patchItem", new String[] {"PATCH", "/items/item-iam", "{\"price\":1}"},
                "deleteItem", new String[] {"DELETE", "/items/iam-1", null},
                "listEvents", new String[] {"GET", "/owners/ann/events?from=a&to=b&skip=c", null},
                "batchGet", new String[] {"POST", "/items/batch", "{\"tenant\":\"t\",\"ids\":[\"a\"]}"},
                "listSettings", new String[] {"GET", "/settings", null});
        try {
            for (Map.Entry<String, String[]> probe : probes.entrySet()) {
                Permission needed = permissions.forOperation(world.config().operation(probe.getKey()).orElseThrow(), Side.LEGACY).get(0);
                List<Permission> granted = new ArrayList<>(all);
                granted.removeIf(p -> p.action().equals(needed.action()) && p.resource().equals(needed.resource()));
                world.grantLegacyRole(granted);
                world.clearLogs();
                String[] c = probe.getValue();

                RouterResponse r = world.call(c[0], c[1], c[2]);

                assertThat(r.status()).as(probe.getKey()).isEqualTo(502);
                assertThat(world.logs("missing_permission")).as(probe.getKey())
                        .anySatisfy(l -> assertThat(l).contains(needed.action() + " on "));
            }
        } finally {
            world.grantLegacyRole(all);
        }
    }
}
