package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.LocalAuthorizer;
import dev.cutover.router.LocalRouterServer;
import dev.cutover.router.SandboxLocalAuthorizer;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.SandboxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The local server enforces each operation's {@code auth} as API Gateway does, over real HTTP against the sandbox: an
 * {@code auth: iam} route needs a SigV4 signature for execute-api (signed with the SDK's signer) that the sandbox verifies,
 * from a principal its IAM engine allows {@code execute-api:Invoke} on the route's ARN; {@code auth: none} routes are
 * unaffected; {@code auth: jwt} routes answer 401.
 */
class LocalAuthSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-api-key-value";
    /** A jwt operation besides the example's: the same decrypting read, behind the JWT authorizer. */
    private static final String JWT_OPERATION = """
              - name: getSettingByToken
                route: GET /token-settings/{name}
                auth: jwt
                action: {type: "ssm:GetParameter", parameters: settings, name: "{name}", decrypt: true}
            jwtAuthorizer: {issuer: "https://issuer.example.com", audience: [shop-client]}
            """;
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    private static RouterWorld world;
    private static LocalRouterServer server;
    private static AwsCredentials apiClient;
    private static AwsCredentials otherRole;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void setUp() {
        CutoverConfig example = CutoverConfig.parse(CutoverConfig.exampleText().stripTrailing() + "\n" + JWT_OPERATION, "example+jwt");
        CutoverConfig config = RouterWorld.sandboxed(SANDBOX.sandbox(), example, Duration.ofMinutes(5), Duration.ofMinutes(1));
        world = RouterWorld.provision(SANDBOX.sandbox(), config);
        String tree = config.resources(Side.LEGACY).parameterTree("settings").path();
        world.ssm(Side.LEGACY).putParameter(b -> b.name(tree + "/api-key").value(SECRET).type(ParameterType.SECURE_STRING)
                .overwrite(true));
        world.putItem(Side.LEGACY, "item-1", "ann", Map.of());
        String account = SANDBOX.sandbox().newAccountId();
        StringBuilder invoke = new StringBuilder();
        new Permissions(config).forApiInvoke(LocalRouterServer.LOCAL_API_ID, LocalRouterServer.LOCAL_STAGE).forEach(p ->
                invoke.append(invoke.length() == 0 ? "" : ",").append("{\"Effect\":\"Allow\",\"Action\":\"").append(p.action())
                        .append("\",\"Resource\":\"").append(p.resource()).append("\"}"));
        SANDBOX.sandbox().iam().putRole(IamRole.builder().accountId(account).name("api-client").trustAccount(account)
                .inlinePolicy("invoke", "{\"Version\":\"2012-10-17\",\"Statement\":[" + invoke + "]}").build());
        // Allowed everything the route reads, but not to invoke it: API Gateway's check is execute-api:Invoke alone.
        SANDBOX.sandbox().iam().putRole(IamRole.builder().accountId(account).name("no-invoke").trustAccount(account)
                .inlinePolicy("reads", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\","
                        + "\"Resource\":\"*\"}]}").build());
        apiClient = assume("api-client");
        otherRole = assume("no-invoke");
        world.startRouter();
        world.deployFlags(RoutingFlags.allLegacy(config));
        world.awaitFlagsPoll();
        server = LocalRouterServer.start(world.router(), 0, new SandboxLocalAuthorizer(SANDBOX.sandbox().endpoint()));
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void iamRoute_signedByRoleAllowedToInvoke_is200WithTheDecryptedValue() throws Exception {
        // GIVEN a request signed for execute-api with the session of a role allowed execute-api:Invoke on the route
        HttpResponse<String> r = send("GET", "/settings/api-key", apiClient, "execute-api");

        // THEN the router serves it, and the sandbox saw one execute-api check by the new account
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("value").asText()).isEqualTo(SECRET);
        assertThat(SANDBOX.sandbox().requestCount("execute-api", "Invoke")).isPositive();
    }

    @Test
    void iamRoute_signedByAccountRoot_is200() throws Exception {
        // GIVEN the API's account root keys (root is never checked against identity policies, as in IAM)
        String account = SANDBOX.sandbox().newAccountId();
        HttpResponse<String> r = send("GET", "/settings/api-key", AwsBasicCredentials.create(account,
                SANDBOX.sandbox().rootSecretKey(account)), "execute-api");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void iamRoute_unsigned_is403MissingAuthenticationTokenAndNoBackendCall() throws Exception {
        long ssmBefore = SANDBOX.sandbox().requestCount("ssm", "GetParameter");

        // WHEN the route is called without a signature
        HttpResponse<String> r = send("GET", "/settings/api-key", null, null);

        // THEN API Gateway's answer, and the parameter was never read
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(message(r)).isEqualTo("Missing Authentication Token");
        assertThat(r.body()).doesNotContain(SECRET);
        assertThat(SANDBOX.sandbox().requestCount("ssm", "GetParameter")).isEqualTo(ssmBefore);
    }

    @Test
    void iamRoute_wrongSecret_is403SignatureMismatch() throws Exception {
        String account = SANDBOX.sandbox().newAccountId();
        HttpResponse<String> r = send("GET", "/settings/api-key", AwsBasicCredentials.create(account, "not-the-secret"),
                "execute-api");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(message(r)).startsWith("The request signature we calculated does not match the signature you provided.");
        assertThat(r.body()).doesNotContain(SECRET).doesNotContain("not-the-secret");
    }

    @Test
    void iamRoute_unknownAccessKey_is403InvalidToken() throws Exception {
        HttpResponse<String> r = send("GET", "/settings/api-key", AwsBasicCredentials.create("AKIANOTASANDBOXKEY", "x"), "execute-api");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(message(r)).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void iamRoute_signedForAnotherService_is403NamingExecuteApi() throws Exception {
        HttpResponse<String> r = send("GET", "/settings/api-key", apiClient, "ssm");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(message(r)).contains("'execute-api'");
    }

    @Test
    void iamRoute_signedByRoleWithoutInvoke_is403NamingPrincipalActionAndRoute() throws Exception {
        HttpResponse<String> r = send("GET", "/settings/api-key", otherRole, "execute-api");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        String invokeArn = "arn:aws:execute-api:" + SANDBOX.sandbox().region() + ":" + SANDBOX.sandbox().newAccountId()
                + ":local/$default/GET/settings/api-key";
        assertThat(message(r)).startsWith("User: arn:aws:sts::" + SANDBOX.sandbox().newAccountId() + ":assumed-role/no-invoke/")
                .contains("is not authorized to perform: execute-api:Invoke on resource: " + invokeArn);
        assertThat(r.body()).doesNotContain(SECRET);
    }

    @Test
    void iamRoute_signedByAnotherAccountsRoot_is403() throws Exception {
        // GIVEN the legacy account's root: an HTTP API has no resource policy, so no other account may invoke it
        String legacy = SANDBOX.sandbox().legacyAccountId();
        HttpResponse<String> r = send("GET", "/settings/api-key", AwsBasicCredentials.create(legacy,
                SANDBOX.sandbox().rootSecretKey(legacy)), "execute-api");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(message(r)).contains("arn:aws:iam::" + legacy + ":root is not authorized to perform: execute-api:Invoke");
    }

    @Test
    void noneRoute_unsigned_isServedAsBefore() throws Exception {
        HttpResponse<String> r = send("GET", "/items/item-1", null, null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"item-1\"");
    }

    @Test
    void jwtRoute_evenSigned_is401SayingTheLocalRouterDoesNotVerifyJwts() throws Exception {
        for (AwsCredentials credentials : new AwsCredentials[] {null, apiClient}) {
            HttpResponse<String> r = send("GET", "/token-settings/api-key", credentials, credentials == null ? null : "execute-api");

            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
            assertThat(message(r)).contains("does not verify JWTs").contains("getSettingByToken").contains("API Gateway");
            assertThat(r.body()).doesNotContain(SECRET);
        }
    }

    @Test
    void withoutAuthorizer_iamRouteIsRefusedAndNoneRouteServed() throws Exception {
        try (LocalRouterServer plain = LocalRouterServer.start(world.router(), 0)) {
            HttpResponse<String> iam = HTTP.send(HttpRequest.newBuilder(plain.url().resolve("/settings/api-key")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(plain.url().resolve("/items/item-1")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(iam.statusCode()).isEqualTo(403);
            assertThat(message(iam)).contains("auth: iam").contains("--endpoint");
            assertThat(none.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void authOff_servesIamAndJwtRoutesUnsigned() throws Exception {
        try (LocalRouterServer open = LocalRouterServer.start(world.router(), 0, LocalAuthorizer.off())) {
            for (String path : new String[] {"/settings/api-key", "/token-settings/api-key"}) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(open.url().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void sandboxUnreachable_failsClosedWith500NamingTheEndpoint() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:9");
        try (LocalRouterServer broken = LocalRouterServer.start(world.router(), 0, new SandboxLocalAuthorizer(nowhere))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(broken.url().resolve("/settings/api-key")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(message(r)).contains("http://127.0.0.1:9").contains("could not decide");
            assertThat(r.body()).doesNotContain(SECRET);
        }
    }

    private static AwsCredentials assume(String role) {
        String account = SANDBOX.sandbox().newAccountId();
        try (StsClient sts = StsClient.builder().endpointOverride(SANDBOX.sandbox().endpoint())
                .region(Region.of(SANDBOX.sandbox().region())).credentialsProvider(world.root(Side.NEW)).build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/" + role).roleSessionName("test"))
                    .credentials();
            return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        }
    }

    /** Sends a GET to the server, signed for {@code service} with {@code credentials} by the SDK's SigV4 signer (null: unsigned). */
    private static HttpResponse<String> send(String method, String path, AwsCredentials credentials, String service) throws Exception {
        URI uri = server.url().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (credentials != null) {
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials)
                    .request(SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri).build())
                    .payload(ContentStreamProvider.fromUtf8String(""))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, SANDBOX.sandbox().region()));
            signed.request().headers().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> r) throws Exception {
        JsonNode body = JSON.readTree(r.body());
        return body.path("message").asText();
    }
}
