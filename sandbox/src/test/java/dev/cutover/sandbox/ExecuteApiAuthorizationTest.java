package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code POST /_sandbox/execute-api/authorize}: the sandbox decides API Gateway's IAM authorization of a request described
 * to it (what the local router received), with its own credential store and IAM engine. The requests are signed with the
 * SDK's SigV4 signer for a router URL that need not exist: the check reads the request's parts, it does not call it.
 */
class ExecuteApiAuthorizationTest {
    private static final String ACCOUNT = "222222222222";
    private static final String ROUTE_ARN = "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":local/$default/POST/orders";
    private static final URI ROUTER = URI.create("http://127.0.0.1:8080/orders?dryRun=true&a=b%20c");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .role(IamRole.builder().accountId(ACCOUNT).name("client").trustAccount(ACCOUNT)
                    .inlinePolicy("invoke", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                            + "\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:" + ACCOUNT
                            + ":local/*/POST/orders\"}]}")
                    .build())
            .role(IamRole.builder().accountId(ACCOUNT).name("denied").trustAccount(ACCOUNT)
                    .inlinePolicy("all", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                            + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]}")
                    .build())
            .build());

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void authorize_signedByAllowedRoleWithBodyAndQuery_isAllowedNamingTheSession(Sandbox sandbox) throws Exception {
        byte[] body = "{\"sku\":\"a\"}".getBytes(StandardCharsets.UTF_8);

        JsonNode decision = check(sandbox, signed(sandbox, assume(sandbox, "client"), body), body, ROUTE_ARN);

        assertThat(decision.path("allowed").asBoolean()).as(decision.toString()).isTrue();
        assertThat(decision.path("principal").asText()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/client/test");
        assertThat(sandbox.requestCount("execute-api", "Invoke")).isPositive();
    }

    @Test
    void authorize_bodyOtherThanTheSignedOne_isSignatureMismatch(Sandbox sandbox) throws Exception {
        byte[] body = "{\"sku\":\"a\"}".getBytes(StandardCharsets.UTF_8);

        JsonNode decision = check(sandbox, signed(sandbox, assume(sandbox, "client"), body),
                "{\"sku\":\"b\"}".getBytes(StandardCharsets.UTF_8), ROUTE_ARN);

        assertThat(decision.path("allowed").asBoolean()).isFalse();
        assertThat(decision.path("errorType").asText()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void authorize_otherRoute_isAccessDeniedNamingIt(Sandbox sandbox) throws Exception {
        String other = "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":local/$default/GET/settings/x";

        JsonNode decision = check(sandbox, signed(sandbox, assume(sandbox, "client"), new byte[0]), new byte[0], other);

        assertThat(decision.path("status").asInt()).isEqualTo(403);
        assertThat(decision.path("errorType").asText()).isEqualTo("AccessDeniedException");
        assertThat(decision.path("message").asText()).contains("is not authorized to perform: execute-api:Invoke on resource: " + other);
    }

    @Test
    void authorize_explicitDeny_winsOverAllowStar(Sandbox sandbox) throws Exception {
        JsonNode decision = check(sandbox, signed(sandbox, assume(sandbox, "denied"), new byte[0]), new byte[0], ROUTE_ARN);

        assertThat(decision.path("allowed").asBoolean()).isFalse();
        assertThat(decision.path("message").asText()).contains("with an explicit deny");
    }

    @Test
    void authorize_afterCredentialsExpired_isExpiredToken(Sandbox sandbox) throws Exception {
        AwsCredentials session = assume(sandbox, "client");
        http.send(HttpRequest.newBuilder(sandbox.endpoint().resolve("/_sandbox/expire-credentials"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode decision = check(sandbox, signed(sandbox, session, new byte[0]), new byte[0], ROUTE_ARN);

        assertThat(decision.path("errorType").asText()).isEqualTo("ExpiredTokenException");
    }

    @Test
    void authorize_withoutResourceOrWithForeignArn_is400NamingTheField(Sandbox sandbox) throws Exception {
        HttpResponse<String> missing = post(sandbox, "{\"method\":\"GET\",\"path\":\"/x\",\"headers\":{},\"bodySha256\":\"00\"}");
        HttpResponse<String> foreign = post(sandbox, "{\"method\":\"GET\",\"path\":\"/x\",\"headers\":{},\"bodySha256\":\"00\","
                + "\"resource\":\"arn:aws:s3:::bucket\"}");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).contains("\"resource\"");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(foreign.body()).path("message").asText()).contains("execute-api ARN").contains("arn:aws:s3:::bucket");
    }

    private static AwsCredentials assume(Sandbox sandbox, String role) {
        Credentials c = TestClients.rootSts(sandbox, ACCOUNT).assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + role)
                .roleSessionName("test")).credentials();
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    private static SdkHttpRequest signed(Sandbox sandbox, AwsCredentials credentials, byte[] body) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(ROUTER).putHeader("content-type", "application/json")
                        .build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, sandbox.region()));
        return signed.request();
    }

    /** Describes {@code request} with {@code body} to the sandbox, as the local router does. */
    private JsonNode check(Sandbox sandbox, SdkHttpRequest request, byte[] body, String resource) throws Exception {
        ObjectNode check = JSON.createObjectNode();
        check.put("method", request.method().name());
        check.put("path", request.encodedPath());
        check.put("query", ROUTER.getRawQuery());
        ObjectNode headers = check.putObject("headers");
        // The signer's headers, Host among them: what the router's HTTP client would have sent.
        request.headers().forEach((name, values) -> values.forEach(headers.withArray(name)::add));
        check.put("bodySha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        check.put("resource", resource);
        HttpResponse<String> response = post(sandbox, check.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(Sandbox sandbox, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(sandbox.endpoint().resolve("/_sandbox/execute-api/authorize"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
