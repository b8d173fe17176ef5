package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.Side;
import dev.cutover.router.RouterResponse;
import dev.cutover.router.internal.backend.CredentialRefresh;
import dev.cutover.router.internal.telemetry.Telemetry;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.SandboxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The credential retry when refreshing does not help: the sandbox's STS issues sessions that expire the moment
 * they are issued (lifetime 1 ns), so the legacy side answers ExpiredToken to every attempt. The Retry
 * {@value CredentialRefresh#NAME} makes exactly two attempts per request (the double wrapper made up to four),
 * refreshes once, logs {@code credentials_refreshed} once, and the request ends in 502.
 */
class CredentialRefreshExhaustedSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder().credentialLifetime(Duration.ofNanos(1)).build());

    private static RouterWorld world;

    @BeforeAll
    static void setUp() {
        world = RouterWorld.provision(SANDBOX.sandbox(),
                RouterWorld.config(SANDBOX.sandbox(), Duration.ofSeconds(1), Duration.ofMillis(500)));
        world.putItem(Side.LEGACY, "item-1", "ann", Map.of());
        world.startRouter();
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @Test
    void get_whenRefreshedCredentialsAreRejectedToo_twoAttemptsOneRefreshLoggedOnceAnd502() {
        world.clearLogs();
        SANDBOX.sandbox().resetRequestCounts();

        RouterResponse response = world.get("/items/item-1");

        assertThat(response.status()).isEqualTo(502);
        assertThat(SANDBOX.sandbox().requestCount("dynamodb", "GetItem")).as("no attempt was let in").isZero();
        List<String> refreshed = world.logs("credentials_refreshed");
        assertThat(refreshed).hasSize(1);
        assertThat(refreshed.get(0)).contains("ExpiredToken").contains("\"side\":\"legacy\"").contains("\"waitMs\"");
        List<String> exhausted = world.logs("credentials_rejected_after_refresh");
        assertThat(exhausted).hasSize(1);
        assertThat(exhausted.get(0)).as("attempts the Retry made").contains("\"attempts\":2")
                .contains("\"" + CredentialRefresh.REFRESH_FAILURES + "\":1.0");
        assertThat(world.router().routing().metricCount(Telemetry.CREDENTIAL_REFRESHES + ":legacy")).isEqualTo(1);
        assertThat(world.router().routing().metricCount(CredentialRefresh.REFRESH_FAILURES + ":legacy")).isEqualTo(1);
        // no secret in any line: the session's secret key never reaches a log
        assertThat(world.logs()).noneMatch(l -> l.contains("secretAccessKey") || l.contains("sessionToken"));
    }
}
