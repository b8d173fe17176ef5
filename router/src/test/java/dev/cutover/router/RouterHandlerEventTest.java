package dev.cutover.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RouterHandlerEventTest {

    @Test
    void toRequest_httpApiV2Event_readsMethodRawPathQueryHeadersBodyAndRequestId() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/events/create-order.json")) {
            RouterRequest r = RouterHandler.toRequest(new ObjectMapper().readTree(in), null);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/orders");
            assertThat(r.query()).containsEntry("dryRun", "false");
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(r.header("Idempotency-Key")).isEqualTo("k-1");
            assertThat(r.body()).isEqualTo("{\"customerId\":\"c-1\"}");
            assertThat(r.bodyBytes()).isEqualTo(20);
            assertThat(r.requestId()).isEqualTo("JKJaXmPLvHcESHA=");
        }
    }

    @Test
    void toRequest_base64Body_isDecodedAndMeasuredInBytes() throws Exception {
        String event = "{\"rawPath\":\"/orders\",\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"POST\"}},"
                + "\"body\":\"eyJjdXN0b21lcklkIjoiw7wifQ==\",\"isBase64Encoded\":true}";
        RouterRequest r = RouterHandler.toRequest(new ObjectMapper().readTree(event), null);
        assertThat(r.body()).isEqualTo("{\"customerId\":\"ü\"}");
        assertThat(r.bodyBytes()).isEqualTo(19);
    }

    @Test
    void withFunctionSessionName_lambdaFunction_appendsItWithinSixtyFourCharacters() {
        CutoverConfig config = RouterHandler.withFunctionSessionName(CutoverConfig.example(), "shop-router:prod/" + "x".repeat(80));
        String name = config.accounts().legacy().sessionName();
        assertThat(name).startsWith("cutover-router@shop-router-prod-").hasSize(64).matches("[\\w+=,.@-]+");
    }
}
