package dev.cutover.router.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.router.RouterRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CallPlannerTest {
    private final CutoverConfig config = CutoverConfig.example();
    private final RouteTable routes = new RouteTable(config);
    private final CallPlanner planner = new CallPlanner(config, new ObjectMapper());

    private CallPlanner.Plan plan(String method, String path, String body, Map<String, String> headers) {
        int bytes = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        RouterRequest request = new RouterRequest(method, path, Map.of(), headers, body, bytes, "req-1");
        return planner.plan(routes.match(method, path), request);
    }

    @Test
    void plan_getItem_buildsTypedKeyAndRoutingKey() {
        CallPlanner.Plan plan = plan("GET", "/items/item-7", null, Map.of());
        assertThat(plan.routingKey()).isEqualTo("item-7");
        assertThat(plan.call().toString()).contains("key={id=" + AttributeValue.fromS("item-7") + "}");
    }

    @Test
    void plan_createOrder_usesBodyFieldsAndRequestIdAsIdempotencyKey() {
        CallPlanner.Plan plan = plan("POST", "/orders", "{\"customerId\":\"c-9\",\"total\":12.5}", Map.of());
        assertThat(plan.routingKey()).isEqualTo("c-9");
        assertThat(plan.call().toString()).contains("groupId=Optional[c-9]", "idempotencyKey=req-1", "operation=createOrder",
                "body={\"customerId\":\"c-9\",\"total\":12.5}");
    }

    @Test
    void plan_updateItemWithIdempotencyKeyHeader_usesTheCallersKey() {
        CallPlanner.Plan plan = plan("PUT", "/items/i-1", "{\"name\":\"x\"}", Map.of("Idempotency-Key", "retry-123"));
        assertThat(plan.call().toString()).contains("idempotencyKey=retry-123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[1,2]", "", "{\"customerId\": {\"$ne\": null}}", "{\"customerId\":\"a b\"}",
        "{\"customerId\":\"x' OR '1'='1\"}", "{\"customerId\":\"../../etc\"}", "{\"total\":1}"})
    void plan_badOrderBody_is400(String body) {
        assertThatThrownBy(() -> plan("POST", "/orders", body, Map.of())).isInstanceOfSatisfying(HttpFailure.class,
                f -> assertThat(f.status()).as(body).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/settings/..", "/settings/.hidden", "/settings/a..b", "/settings/%24%7Bjndi%3Aldap%7D", "/items/%3Cscript%3E",
        "/items/a%20b", "/items/-rf", "/owners/%22%3B%20DROP/items"})
    void plan_injectionInKeyOrName_is400(String path) {
        assertThatThrownBy(() -> plan("GET", path, null, Map.of())).isInstanceOfSatisfying(HttpFailure.class,
                f -> assertThat(f.status()).as(path).isEqualTo(400));
    }

    @Test
    void plan_bodyOverLimit_is413() {
        String big = "{\"customerId\":\"c\",\"pad\":\"" + "x".repeat(config.router().maxBodyBytes()) + "\"}";
        assertThatThrownBy(() -> plan("POST", "/orders", big, Map.of())).isInstanceOfSatisfying(HttpFailure.class,
                f -> assertThat(f.status()).isEqualTo(413));
    }

    @Test
    void plan_badIdempotencyKeyHeader_is400NamingTheHeader() {
        assertThatThrownBy(() -> plan("PUT", "/items/i-1", "{}", Map.of("Idempotency-Key", "a/b")))
                .isInstanceOf(HttpFailure.class).hasMessageContaining("idempotency-key");
    }
}
