package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class CredentialLifetimeTest {

    private static final String LEGACY = "111111111111";
    private static final String ROUTER_ARN = "arn:aws:iam::222222222222:role/router";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .credentialLifetime(Duration.ofSeconds(2))
            .role(IamRole.builder().accountId("222222222222").name("router").trustAccount(LEGACY).build())
            .build());

    @Test
    void assumeRole_withLifetimeOverride_expiresAfterTheOverride(Sandbox sandbox) {
        Instant before = Instant.now();

        AssumeRoleResponse assumed = TestClients.rootSts(sandbox, LEGACY)
                .assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("short").durationSeconds(3600));

        assertThat(assumed.credentials().expiration()).isBetween(before.plusMillis(1900), Instant.now().plusMillis(2100));
    }

    @Test
    void call_afterTheLifetimePassed_isExpiredToken(Sandbox sandbox) throws InterruptedException {
        AssumeRoleResponse assumed = TestClients.rootSts(sandbox, LEGACY).assumeRole(r -> r.roleArn(ROUTER_ARN).roleSessionName("short"));
        StsClient session = TestClients.sts(sandbox, TestClients.session(assumed));
        assertThat(session.getCallerIdentity().account()).isEqualTo("222222222222");

        Thread.sleep(Duration.between(Instant.now(), assumed.credentials().expiration()).toMillis() + 100);

        assertThatThrownBy(session::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            assertThat(e.statusCode()).isEqualTo(403);
        });
    }

    @Test
    void stsAssumeRoleCredentialsProvider_refreshesAcrossSeveralLifetimes(Sandbox sandbox) throws InterruptedException {
        StsClient rootSts = TestClients.rootSts(sandbox, LEGACY);
        long assumedBefore = sandbox.requestCount("sts", "AssumeRole");
        int calls = 0;
        Duration elapsed;
        try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(rootSts)
                .refreshRequest(r -> r.roleArn(ROUTER_ARN).roleSessionName("refreshing"))
                .staleTime(Duration.ofMillis(500))
                .prefetchTime(Duration.ofMillis(1000))
                .build()) {
            StsClient session = TestClients.sts(sandbox, provider);
            Instant start = Instant.now();
            Instant end = start.plusSeconds(7);
            // 7 s and at least 40 calls, however slow a loaded machine makes each call (bounded at 30 s)
            while (Instant.now().isBefore(end) || calls < 40 && Instant.now().isBefore(start.plusSeconds(30))) {
                assertThat(session.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/router/refreshing");
                calls++;
                Thread.sleep(100);
            }
            elapsed = Duration.between(start, Instant.now());
        }
        long assumed = sandbox.requestCount("sts", "AssumeRole") - assumedBefore;

        // 2-second credentials refreshed about 1 s before expiry: one AssumeRole a second or so, not one per request.
        assertThat(calls).isGreaterThanOrEqualTo(40);
        assertThat(assumed).isBetween(elapsed.toSeconds() / 2, elapsed.toSeconds() * 2 + 2);
    }
}
