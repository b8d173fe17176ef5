package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

class FaultsTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final String ROUTER_ARN = "arn:aws:iam::222222222222:role/router";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .role(IamRole.builder().accountId("222222222222").name("router").trustAccount(LEGACY).build())
            .build());

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void throttle_everyStsCall_answersThrottling(Sandbox sandbox) {
        sandbox.faults().throttle("sts", 1.0);

        assertThatThrownBy(() -> sts(sandbox).getCallerIdentity()).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.isThrottlingException()).isTrue();
        });
    }

    @Test
    void throttle_oneOperation_leavesTheOthersAlone(Sandbox sandbox) {
        sandbox.faults().throttle("sts", "AssumeRole", 1.0);

        assertThat(sts(sandbox).getCallerIdentity().account()).isEqualTo(LEGACY);
        assertThatThrownBy(() -> sts(sandbox).assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("s1")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void throttle_halfOfTheCalls_throttlesSomeAndPassesSome(Sandbox sandbox) {
        sandbox.faults().throttle("sts", 0.5);
        StsClient sts = sts(sandbox);
        int throttled = 0;
        for (int i = 0; i < 60; i++) {
            try {
                sts.getCallerIdentity();
            } catch (StsException e) {
                assertThat(e.isThrottlingException()).isTrue();
                throttled++;
            }
        }
        // Binomial(60, 0.5): outside 10..50 with probability below 1e-7.
        assertThat(throttled).isBetween(10, 50);
    }

    @Test
    void latency_delaysEveryCallOfTheService(Sandbox sandbox) {
        StsClient sts = sts(sandbox);
        sts.getCallerIdentity();
        sandbox.faults().latency("sts", Duration.ofMillis(400));

        long started = System.nanoTime();
        sts.getCallerIdentity();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void unavailable_answers503ServiceUnavailable(Sandbox sandbox) {
        sandbox.faults().unavailable("sts");

        assertThatThrownBy(() -> sts(sandbox).getCallerIdentity()).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
        });
    }

    @Test
    void clear_removesEveryFault(Sandbox sandbox) {
        sandbox.faults().unavailable("sts");
        sandbox.faults().throttle("sts", 1.0);

        sandbox.faults().clear();

        assertThat(sts(sandbox).getCallerIdentity().account()).isEqualTo(LEGACY);
    }

    @Test
    void throttle_ofUnknownService_failsNamingTheKnownServices(Sandbox sandbox) {
        assertThatThrownBy(() -> sandbox.faults().throttle("dynamo", 1.0))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("no service 'dynamo'").hasMessageContaining("sts");
        assertThatThrownBy(() -> sandbox.faults().throttle("sts", 1.5))
                .isInstanceOf(SandboxException.class).hasMessageContaining("between 0 and 1");
    }

    @Test
    void requestCount_countsEachOperationSeparately(Sandbox sandbox) {
        sandbox.resetRequestCounts();
        StsClient sts = sts(sandbox);
        sts.getCallerIdentity();
        sts.getCallerIdentity();
        sts.assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("s1"));

        assertThat(sandbox.requestCount("sts", "GetCallerIdentity")).isEqualTo(2);
        assertThat(sandbox.requestCount("sts", "AssumeRole")).isEqualTo(1);
        assertThat(sandbox.requestCounts()).containsEntry("sts:AssumeRole", 1L);
    }

    @Test
    void adminFaults_postedAsJson_applyToCalls(Sandbox sandbox) throws Exception {
        HttpResponse<String> posted = admin(sandbox, "POST", "faults",
                "{\"throttle\":[{\"service\":\"sts\",\"operation\":\"GetCallerIdentity\",\"fraction\":1.0}]}");

        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).contains("\"sts:GetCallerIdentity\":1.0");
        assertThatThrownBy(() -> sts(sandbox).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.isThrottlingException()).isTrue());

        assertThat(admin(sandbox, "DELETE", "faults", null).statusCode()).isEqualTo(200);
        assertThat(sts(sandbox).getCallerIdentity().account()).isEqualTo(LEGACY);
    }

    @Test
    void adminFaults_withUnknownService_is400WithMessage(Sandbox sandbox) throws Exception {
        HttpResponse<String> posted = admin(sandbox, "POST", "faults", "{\"unavailable\":[\"nope\"]}");

        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.body()).contains("no service 'nope'");
    }

    @Test
    void adminExpireCredentials_expiresIssuedSessions(Sandbox sandbox) throws Exception {
        StsClient session = TestClients.sts(sandbox, TestClients.session(
                sts(sandbox).assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("s1"))));
        session.getCallerIdentity();

        HttpResponse<String> expired = admin(sandbox, "POST", "expire-credentials", "");

        assertThat(expired.body()).matches("\\{\"expired\":[1-9]\\d*}");
        assertThatThrownBy(session::getCallerIdentity)
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
    }

    @Test
    void adminHealthAndRequests_describeTheSandbox(Sandbox sandbox) throws Exception {
        sts(sandbox).getCallerIdentity();

        HttpResponse<String> health = admin(sandbox, "GET", "health", null);
        HttpResponse<String> requests = admin(sandbox, "GET", "requests", null);
        HttpResponse<String> unknown = admin(sandbox, "GET", "nothing-here", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ready\"").contains("\"services\":[")
                .contains("\"sts\"").contains("\"dynamodb\"").contains("\"ssm\"").contains("111111111111");
        assertThat(requests.body()).contains("\"sts:GetCallerIdentity\":");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void forAccount_latency_delaysOnlyThatAccountsCalls(Sandbox sandbox) {
        DynamoDbClient legacy = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, LEGACY));
        DynamoDbClient fresh = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, NEW));
        legacy.listTables();
        fresh.listTables();

        sandbox.faults().forAccount(LEGACY).latency("dynamodb", Duration.ofMillis(600));

        assertThat(timed(legacy::listTables)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(timed(fresh::listTables)).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void forAccount_unavailable_answers503ForThatAccountOnly(Sandbox sandbox) {
        DynamoDbClient legacy = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, LEGACY));
        DynamoDbClient fresh = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, NEW));

        sandbox.faults().forAccount(NEW).unavailable("dynamodb");

        assertThatThrownBy(fresh::listTables).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
            assertThat(e.awsErrorDetails().errorMessage()).contains("for account " + NEW);
        });
        assertThat(legacy.listTables().sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void forAccount_roleSession_countsAsTheRolesAccount(Sandbox sandbox) {
        // The router role lives in NEW and is assumed with LEGACY's root credentials: its calls are NEW's.
        StsClient session = TestClients.sts(sandbox, TestClients.session(
                sts(sandbox).assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("s1"))));

        sandbox.faults().forAccount(NEW).unavailable("sts");

        assertThatThrownBy(session::getCallerIdentity)
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(sts(sandbox).getCallerIdentity().account()).isEqualTo(LEGACY);
    }

    @Test
    void forAccount_throttle_winsOverTheFaultForEveryAccount(Sandbox sandbox) {
        sandbox.faults().throttle("sts", 1.0);
        sandbox.faults().forAccount(LEGACY).throttle("sts", 0.0);

        assertThat(sts(sandbox).getCallerIdentity().account()).isEqualTo(LEGACY);
        assertThatThrownBy(() -> TestClients.rootSts(sandbox, NEW).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void forAccount_oneOperation_leavesTheAccountsOtherOperationsAndTheOtherAccountAlone(Sandbox sandbox) {
        sandbox.faults().forAccount(LEGACY).throttle("sts", "AssumeRole", 1.0);

        assertThat(sts(sandbox).getCallerIdentity().account()).isEqualTo(LEGACY);
        assertThatThrownBy(() -> sts(sandbox).assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("s1")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.isThrottlingException()).isTrue());
        assertThat(TestClients.rootSts(sandbox, NEW).getCallerIdentity().account()).isEqualTo(NEW);
    }

    @Test
    void forAccount_unknownAccount_failsNamingTheAccounts(Sandbox sandbox) {
        assertThatThrownBy(() -> sandbox.faults().forAccount("333333333333"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("no account '333333333333'").hasMessageContaining(LEGACY).hasMessageContaining(NEW);
    }

    @Test
    void adminFaults_withAccount_applyToThatAccountOnly(Sandbox sandbox) throws Exception {
        HttpResponse<String> posted = admin(sandbox, "POST", "faults", "{\"unavailable\":[{\"service\":\"sts\",\"account\":\"" + NEW
                + "\"}],\"latency\":[{\"service\":\"dynamodb\",\"account\":\"" + LEGACY + "\",\"millis\":5}],"
                + "\"throttle\":[{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"account\":\"" + NEW + "\"}]}");

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(posted.body()).contains("\"sts@" + NEW + "\"").contains("\"dynamodb@" + LEGACY + "\":5")
                .contains("\"sqs:SendMessage@" + NEW + "\":1.0");
        assertThatThrownBy(() -> TestClients.rootSts(sandbox, NEW).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(sts(sandbox).getCallerIdentity().account()).isEqualTo(LEGACY);
    }

    @Test
    void adminFaults_withUnknownAccount_is400WithMessage(Sandbox sandbox) throws Exception {
        HttpResponse<String> posted = admin(sandbox, "POST", "faults",
                "{\"latency\":[{\"service\":\"sts\",\"account\":\"333333333333\",\"millis\":5}]}");

        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.body()).contains("no account '333333333333'");
    }

    private static Duration timed(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private HttpResponse<String> admin(Sandbox sandbox, String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(sandbox.endpoint().resolve("/_sandbox/" + path)).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static StsClient sts(Sandbox sandbox) {
        return TestClients.rootSts(sandbox, LEGACY);
    }
}
