package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class StsTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final String ROUTER_ARN = "arn:aws:iam::" + NEW + ":role/router";
    private static final String READER_ARN = "arn:aws:iam::" + LEGACY + ":role/reader";
    private static final String ASSUME_READER = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/reader"}]}""";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .role(IamRole.builder().accountId(NEW).name("router").trustAccount(LEGACY)
                    .maxSessionDuration(Duration.ofHours(2)).inlinePolicy("AssumeReader", ASSUME_READER).build())
            .role(IamRole.builder().accountId(LEGACY).name("reader").trustAccount(NEW, "ext-1").build())
            .role(IamRole.builder().accountId(LEGACY).name("locked").trustAccount(NEW).build())
            .role(IamRole.builder().accountId(NEW).name("other").trustAccount(NEW).build())
            .build());

    @Test
    void getCallerIdentity_withRootKeys_returnsAccountRoot(Sandbox sandbox) {
        GetCallerIdentityResponse identity = TestClients.rootSts(sandbox, LEGACY).getCallerIdentity();

        assertThat(identity.account()).isEqualTo(LEGACY);
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::111111111111:root");
        assertThat(identity.userId()).isEqualTo(LEGACY);
    }

    @Test
    void assumeRole_whenTrusted_issuesSessionCredentialsOfTheRole(Sandbox sandbox) {
        Instant before = Instant.now();
        AssumeRoleResponse assumed = assumeRouter(sandbox);

        assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(assumed.credentials().secretAccessKey()).isNotBlank();
        assertThat(assumed.credentials().sessionToken()).isNotBlank();
        assertThat(assumed.credentials().expiration()).isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3601));
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/router/test-session");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:test-session");

        GetCallerIdentityResponse identity = TestClients.sts(sandbox, TestClients.session(assumed)).getCallerIdentity();
        assertThat(identity.account()).isEqualTo(NEW);
        assertThat(identity.arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/router/test-session");
        assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
    }

    @Test
    void assumeRole_chainedWithRightExternalId_succeeds(Sandbox sandbox) {
        StsClient router = TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox)));

        AssumeRoleResponse reader = router.assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("chained").externalId("ext-1"));

        assertThat(reader.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/reader/chained");
    }

    @Test
    void assumeRole_withWrongExternalId_isAccessDenied(Sandbox sandbox) {
        StsClient router = TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox)));

        assertThatThrownBy(() -> router.assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("chained").externalId("wrong")))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::222222222222:assumed-role/router/"
                            + "test-session is not authorized to perform: sts:AssumeRole on resource: " + READER_ARN);
                });
    }

    @Test
    void assumeRole_withoutExternalIdWhenRequired_isAccessDenied(Sandbox sandbox) {
        StsClient router = TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox)));

        assertThatThrownBy(() -> router.assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("chained")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void assumeRole_whenCallerAccountNotTrusted_isAccessDenied(Sandbox sandbox) {
        StsClient legacyRoot = TestClients.rootSts(sandbox, LEGACY);

        assertThatThrownBy(() -> legacyRoot.assumeRole(r -> r.roleArn("arn:aws:iam::111111111111:role/locked").roleSessionName("s1")))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::111111111111:root is not authorized to "
                            + "perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/locked");
                });
    }

    @Test
    void assumeRole_ofUnknownRole_isAccessDenied(Sandbox sandbox) {
        assertThatThrownBy(() -> TestClients.rootSts(sandbox, LEGACY)
                .assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/nope").roleSessionName("s1")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void assumeRole_whenIdentityPolicyLacksPermission_isAccessDeniedNamingTheMissingPolicy(Sandbox sandbox) {
        StsClient router = TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox)));

        assertThatThrownBy(() -> router.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/other").roleSessionName("s2")))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).endsWith("on resource: arn:aws:iam::222222222222:role/other because no "
                            + "identity-based policy allows the sts:AssumeRole action");
                });
    }

    @Test
    void assumeRole_chainedForMoreThanAnHour_isValidationError(Sandbox sandbox) {
        StsClient router = TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox)));

        assertThatThrownBy(() -> router.assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("long").externalId("ext-1")
                .durationSeconds(7200)))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role "
                                    + "chaining.");
                });
    }

    @Test
    void assumeRole_fromRootForLongerThanRoleMaximum_isValidationError(Sandbox sandbox) {
        StsClient legacyRoot = TestClients.rootSts(sandbox, LEGACY);

        assertThat(legacyRoot.assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("two-hours").durationSeconds(7200))
                .credentials().expiration()).isAfter(Instant.now().plusSeconds(7000));
        assertThatThrownBy(() -> legacyRoot.assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("three-hours")
                .durationSeconds(10800)))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    }

    @Test
    void assumeRole_withTooShortDuration_isValidationError(Sandbox sandbox) {
        assertThatThrownBy(() -> TestClients.rootSts(sandbox, LEGACY)
                .assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("short").durationSeconds(60)))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
    }

    @Test
    void assumeRole_withSessionPolicy_isLimitedToWhatTheSessionPolicyAllows(Sandbox sandbox) {
        String denyEverything = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"*\"}]}";
        AssumeRoleResponse limited = TestClients.rootSts(sandbox, LEGACY)
                .assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("limited").policy(denyEverything));

        assertThat(limited.packedPolicySize()).isPositive();
        assertThatThrownBy(() -> TestClients.sts(sandbox, TestClients.session(limited))
                .assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("chained").externalId("ext-1")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .endsWith("because no session policy allows the sts:AssumeRole action"));
    }

    @Test
    void iam_removingAPolicyAtRuntime_takesEffectOnTheNextCall(Sandbox sandbox) {
        StsClient router = TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox)));
        router.assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("before").externalId("ext-1"));

        assertThat(sandbox.iam().deleteRolePolicy(NEW, "router", "AssumeReader")).isTrue();
        try {
            assertThatThrownBy(() -> router.assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("after").externalId("ext-1")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        } finally {
            sandbox.iam().putRolePolicy(NEW, "router", "AssumeReader", ASSUME_READER);
        }
        router.assumeRole(r -> r.roleArn(READER_ARN).roleSessionName("restored").externalId("ext-1"));
    }

    @Test
    void call_signedWithWrongSecret_isSignatureDoesNotMatch(Sandbox sandbox) {
        StsClient wrongSecret = TestClients.sts(sandbox,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(LEGACY, "not-the-secret")));

        assertThatThrownBy(wrongSecret::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.requestId()).isNotBlank();
        });
    }

    @Test
    void call_withUnknownAccessKey_isInvalidClientTokenId(Sandbox sandbox) {
        StsClient unknown = TestClients.sts(sandbox, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN000000000",
                "secret")));

        assertThatThrownBy(unknown::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.statusCode()).isEqualTo(403);
        });
    }

    @Test
    void call_withSessionKeyButAnotherToken_isInvalidClientTokenId(Sandbox sandbox) {
        AssumeRoleResponse assumed = assumeRouter(sandbox);
        StsClient forged = TestClients.sts(sandbox, StaticCredentialsProvider.create(AwsSessionCredentials.create(
                assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(), "forged-token")));

        assertThatThrownBy(forged::getCallerIdentity).isInstanceOfSatisfying(StsException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    }

    @Test
    void call_withoutAuthorization_isMissingAuthenticationToken(Sandbox sandbox) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>")
                .contains("<RequestId>" + response.headers().firstValue("x-amzn-RequestId").orElseThrow() + "</RequestId>");
    }

    @Test
    void call_afterExpireAllCredentials_isExpiredToken(Sandbox sandbox) {
        StsClient session = TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox)));
        session.getCallerIdentity();

        assertThat(sandbox.faults().expireAllCredentials()).isPositive();

        assertThatThrownBy(session::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
        });
        assertThat(TestClients.sts(sandbox, TestClients.session(assumeRouter(sandbox))).getCallerIdentity().account()).isEqualTo(NEW);
    }

    @Test
    void unsupportedAction_isInvalidAction(Sandbox sandbox) {
        assertThatThrownBy(() -> TestClients.rootSts(sandbox, LEGACY).getSessionToken())
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("GetSessionToken");
                });
    }

    @Test
    void endpoint_isLoopbackWithTheBoundPort(Sandbox sandbox) {
        assertThat(sandbox.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + sandbox.port()));
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.serviceNames()).contains("sts");
    }

    private static AssumeRoleResponse assumeRouter(Sandbox sandbox) {
        return TestClients.rootSts(sandbox, LEGACY).assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("test-session"));
    }
}
