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
    void toRequest_base64BodyNotUtf8_keepsAProblemNamingTheByteAndOffset() throws Exception {
        // {"customerId":"<0xC3 0x28>"}: 0xC3 starts a two-byte character, 0x28 does not continue one
        byte[] bytes = "{\"customerId\":\"\u00fc\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes[16] = 0x28;
        String event = "{\"rawPath\":\"/orders\",\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"POST\"}},"
                + "\"body\":\"" + java.util.Base64.getEncoder().encodeToString(bytes) + "\",\"isBase64Encoded\":true}";
        RouterRequest r = RouterHandler.toRequest(new ObjectMapper().readTree(event), null);
        assertThat(r.body()).isNull();
        assertThat(r.bodyBytes()).isEqualTo(bytes.length);
        assertThat(r.bodyProblem()).isEqualTo("request body is not valid UTF-8: byte 0xC3 at offset 15 does not start or continue"
                + " a UTF-8 character; send the body encoded as UTF-8");
    }

    @Test
    void toRequest_textBodyWithUnpairedSurrogate_keepsAProblem() throws Exception {
        String event = "{\"rawPath\":\"/orders\",\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"POST\"}},"
                + "\"body\":\"{\\\"a\\\":\\\"\\ud800\\\"}\"}";
        RouterRequest r = RouterHandler.toRequest(new ObjectMapper().readTree(event), null);
        assertThat(r.bodyProblem()).contains("unpaired surrogate (U+D800)");
    }

    @Test
    void toRequest_fieldsInAnyOrderAmongUnknownNestedOnes_readsOnlyWhatItUses() throws Exception {
        String event = "{\"body\":\"eyJhIjoxfQ==\",\"cookies\":[\"a=1\",{\"x\":[1,2]}],\"isBase64Encoded\":true,"
                + "\"headers\":{\"X-Tenant\":\"t-1\",\"x-n\":7},\"stageVariables\":{\"s\":{\"deep\":[{}]}},"
                + "\"requestContext\":{\"authorizer\":{\"jwt\":{\"claims\":{\"sub\":\"u\"}}},\"http\":{\"path\":\"/x\","
                + "\"method\":\"put\"},\"requestId\":\"r-9\"},\"rawPath\":\"/items/a%2Fb\",\"queryStringParameters\":null}";
        RouterRequest r = RouterHandler.toRequest(new ObjectMapper().readTree(event), null);
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.rawPath()).isEqualTo("/items/a%2Fb");
        assertThat(r.requestId()).isEqualTo("r-9");
        assertThat(r.header("x-tenant")).isEqualTo("t-1");
        assertThat(r.header("x-n")).isEqualTo("7");
        assertThat(r.query()).isEmpty();
        assertThat(r.body()).isEqualTo("{\"a\":1}");
        assertThat(r.bodyBytes()).isEqualTo(7);
    }

    @Test
    void toRequest_withoutMethodOrRawPath_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RouterHandler.toRequest(new ObjectMapper()
                .readTree("{\"rawPath\":\"/x\",\"requestContext\":{\"http\":{}}}"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withFunctionSessionName_lambdaFunction_appendsItWithinSixtyFourCharacters() {
        CutoverConfig config = RouterHandler.withFunctionSessionName(CutoverConfig.example(), "shop-router:prod/" + "x".repeat(80));
        String name = config.accounts().legacy().sessionName();
        assertThat(name).startsWith("cutover-router@shop-router-prod-").hasSize(64).matches("[\\w+=,.@-]+");
    }
}
