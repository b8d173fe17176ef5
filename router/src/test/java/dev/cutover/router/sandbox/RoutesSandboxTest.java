package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.Side;
import dev.cutover.router.RouterResponse;
import dev.cutover.sandbox.SandboxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every route of the example map served from the legacy account through the cross-account role. */
class RoutesSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RouterWorld world;

    @BeforeAll
    static void setUp() {
        world = RouterWorld.provision(SANDBOX.sandbox(), RouterWorld.config(SANDBOX.sandbox(), "5m", "1m"));
        world.putItem(Side.LEGACY, "item-1", "ann", Map.of("price", AttributeValue.fromN("12.50"),
                "tags", AttributeValue.fromSs(java.util.List.of("a"))));
        world.putItem(Side.LEGACY, "item-2", "ann", Map.of());
        world.startRouter();
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
}
