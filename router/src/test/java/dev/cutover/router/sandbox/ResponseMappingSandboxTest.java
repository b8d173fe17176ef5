package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.RouterResponse;
import dev.cutover.sandbox.SandboxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Response mapping per operation ({@code response:} in the operation map), one test per action kind, over HTTP against
 * the sandbox: status, headers and a body template over the backend result, numbers with their exact text, and the
 * default shape where no mapping is configured.
 */
class ResponseMappingSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    /** Reads numbers as exact decimals, so an assertion sees the digits the router wrote. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** More digits than a double holds: any conversion through a double would change it. */
    private static final String PRICE = "12345678901234567890.123456789";
    private static RouterWorld world;

    @BeforeAll
    static void setUp() throws IOException {
        world = RouterWorld.provision(SANDBOX.sandbox(), config(SANDBOX));
        for (Side side : Side.values()) {
            String table = world.config().resources(side).table("events").name();
            for (int i = 1; i <= 3; i++) {
                String at = "2024-01-0" + i;
                world.dynamoDb(side).putItem(b -> b.tableName(table).item(Map.of("owner", AttributeValue.fromS("ann"),
                        "at", AttributeValue.fromS(at))));
            }
            String tree = world.config().resources(side).parameterTree("settings").path();
            world.ssm(side).putParameter(b -> b.name(tree + "/currency").value("EUR").type(ParameterType.STRING).overwrite(true));
        }
        world.putItem(Side.LEGACY, "r-1", "ann", Map.of("price", AttributeValue.fromN(PRICE)));
        world.startRouter();
        world.deployFlags(RoutingFlags.allLegacy(world.config()));
        world.awaitFlagsPoll();
    }

    static CutoverConfig config(SandboxExtension sandbox) throws IOException {
        String text;
        try (InputStream in = ResponseMappingSandboxTest.class.getResourceAsStream("/responses.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return RouterWorld.sandboxed(sandbox.sandbox(), CutoverConfig.parse(text, "responses.yaml"), Duration.ofMinutes(5),
                Duration.ofMinutes(1));
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @Test
    void getItem_withMapping_answersTemplateHeadersAndExactNumbers() throws Exception {
        RouterResponse r = world.get("/items/r-1");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("x-item-owner", "ann").containsKey("x-request")
                .containsEntry("content-type", "application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("data").path("id").asText()).isEqualTo("r-1");
        assertThat(body.path("data").path("price").decimalValue().toPlainString()).isEqualTo(PRICE);
        assertThat(r.body()).contains("\"price\":" + PRICE).contains("\"label\":\"price " + PRICE + "\"");
        assertThat(body.path("whole").path("owner").asText()).isEqualTo("ann");
        assertThat(body.path("legacy").asBoolean()).isTrue();
        assertThat(body.has("item")).as("the default shape is replaced").isFalse();
    }

    @Test
    void getItem_withoutMapping_keepsTheDefaultShape() throws Exception {
        RouterResponse r = world.get("/plain/r-1");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"price\":" + PRICE);
        assertThat(JSON.readTree(r.body()).path("item").path("id").asText()).isEqualTo("r-1");
    }

    @Test
    void getItem_notFound_keepsTheErrorShape() throws Exception {
        RouterResponse r = world.get("/items/none");

        assertThat(r.status()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).has("message")).isTrue();
        assertThat(r.headers()).doesNotContainKey("x-item-owner");
    }

    @Test
    void query_withMapping_rendersItemsAndCursorAndLeavesOutAnAbsentCursor() throws Exception {
        RouterResponse first = world.get("/owners/ann/events");

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(first.body());
        assertThat(page.path("results")).hasSize(2);
        assertThat(page.path("first").asText()).isEqualTo("2024-01-01");
        assertThat(page.path("next").asText()).isNotEmpty();

        RouterResponse second = world.get("/owners/ann/events?cursor=" + java.net.URLEncoder.encode(page.path("next").asText(),
                StandardCharsets.UTF_8));
        JsonNode last = JSON.readTree(second.body());
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(last.path("results")).hasSize(1);
        assertThat(last.has("next")).as("no cursor on the last page: the field is left out").isFalse();
    }

    @Test
    void sendMessage_withMapping_answers201WithLocationAndForwardsTheBodyExactly() throws Exception {
        String sent = "{\"customerId\":\"c-9\",\"total\":" + PRICE + ",\"note\":\"caf\\u00e9 \u00e9\",\"z\":1.50}";
        RouterResponse r = world.call("POST", "/orders", sent);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String messageId = JSON.readTree(r.body()).path("orderId").asText();
        assertThat(messageId).isNotEmpty();
        assertThat(r.headers()).containsEntry("location", "/orders/" + messageId);
        List<Message> received = world.receive(Side.LEGACY, "orders", 10);
        assertThat(received).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(sent));
    }

    @Test
    void getParameter_withMapping_answersTheValueAlone() throws Exception {
        RouterResponse r = world.get("/settings/currency");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("\"EUR\"");
    }

    @Test
    void putItem_withMapping_answers201AndWritesEveryDigit() throws Exception {
        RouterResponse r = world.call("PUT", "/items/r-put", "{\"owner\":\"ann\",\"price\":" + PRICE + "}");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"saved\":\"r-put\",\"price\":" + PRICE + "}");
        assertThat(world.dynamoDb(Side.LEGACY).getItem(b -> b.tableName(world.config().resources(Side.LEGACY).table("items").name())
                .key(Map.of("id", AttributeValue.fromS("r-put"))).consistentRead(true)).item().get("price").n()).isEqualTo(PRICE);
    }

    @Test
    void updateItem_withMapping_answersTheNewValue() throws Exception {
        world.putItem(Side.LEGACY, "r-upd", "ann", Map.of());

        RouterResponse r = world.call("PATCH", "/items/r-upd", "{\"price\":" + PRICE + "}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"newPrice\":" + PRICE + "}");
    }

    @Test
    void deleteItem_withMapping_answersTheFlag() throws Exception {
        world.putItem(Side.LEGACY, "r-del", "ann", Map.of());

        RouterResponse r = world.call("DELETE", "/items/r-del", null);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"gone\":true}");
    }

    @Test
    void batchGetItem_withMapping_answersCountAndItems() throws Exception {
        RouterResponse r = world.call("POST", "/items/batch", "{\"tenant\":\"t\",\"ids\":[\"r-1\",\"none\"]}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("found").asInt()).isEqualTo(1);
        assertThat(body.path("list")).singleElement().satisfies(i -> assertThat(i.path("id").asText()).isEqualTo("r-1"));
        assertThat(r.body()).contains(PRICE);
    }

    @Test
    void getParametersByPath_withMapping_answersCountAndList() throws Exception {
        RouterResponse r = world.get("/settings");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("total").asInt()).isEqualTo(body.path("settings").size()).isPositive();
        assertThat(body.path("settings").findValuesAsText("name")).contains("currency");
    }
}
