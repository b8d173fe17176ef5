package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.Side;
import dev.cutover.router.RouterResponse;
import dev.cutover.router.internal.telemetry.Telemetry;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.SandboxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Legacy credentials that live 3 seconds (the sandbox shortens every AssumeRole session), with the
 * refresh times scaled down to match (prefetch 1 s, stale 500 ms): traffic across several expiries
 * never fails, and STS is asked about once per lifetime, not per request.
 */
class CredentialExpirySandboxTest {
    private static final Duration LIFETIME = Duration.ofSeconds(3);

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder().credentialLifetime(LIFETIME).build());

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

    private static List<Integer> traffic(Duration duration, Runnable midway) {
        return traffic(duration, 0, midway);
    }

    /**
     * GETs every 20 ms for {@code duration}, and on until at least {@code minRequests} were sent (so a slow, loaded machine
     * still produces the traffic a test counts on; the loop is bounded at four times the duration).
     */
    private static List<Integer> traffic(Duration duration, int minRequests, Runnable midway) {
        List<Integer> failures = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long hardEnd = start + duration.toNanos() * 4;
        boolean fired = false;
        int sent = 0;
        while (System.nanoTime() < end || sent < minRequests && System.nanoTime() < hardEnd) {
            if (!fired && System.nanoTime() - start > duration.toNanos() / 2) {
                midway.run();
                fired = true;
            }
            RouterResponse r = world.get("/items/item-1");
            sent++;
            if (r.status() != 200) {
                failures.add(r.status());
            }
            RouterWorld.sleep(Duration.ofMillis(20));
        }
        return failures;
    }

    @Test
    void sustainedTraffic_acrossFourExpiries_zeroFailuresAndAboutOneAssumeRolePerLifetime() {
        world.get("/items/item-1");
        SANDBOX.sandbox().resetRequestCounts();
        Duration duration = LIFETIME.multipliedBy(4);

        long start = System.nanoTime();
        List<Integer> failures = traffic(duration, 120, () -> { });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        long assumeRoles = SANDBOX.sandbox().requestCount("sts", "AssumeRole");
        long getItems = SANDBOX.sandbox().requestCount("dynamodb", "GetItem");
        assertThat(failures).isEmpty();
        assertThat(getItems).isGreaterThanOrEqualTo(120);
        // Refreshed when within the 1 s prefetch of expiry: about every 2 s of a 3 s lifetime, so about 6 in 12 s (more if a
        // loaded machine stretched the traffic past 12 s); never per request.
        long lifetimes = elapsed.toMillis() / LIFETIME.toMillis();
        long refreshPeriods = elapsed.toMillis() / LIFETIME.minusSeconds(1).toMillis();
        assertThat(assumeRoles).isBetween(lifetimes, refreshPeriods + 3);
    }

    @Test
    void credentialsRevokedMidTraffic_refreshOnceAndRetry_zeroFailuresAndRefreshesCounted() {
        world.get("/items/item-1");
        world.clearLogs();
        long refreshesBefore = refreshes();

        List<Integer> failures = traffic(Duration.ofSeconds(2), () -> SANDBOX.sandbox().faults().expireAllCredentials());

        assertThat(failures).isEmpty();
        List<String> refreshed = world.logs("credentials_refreshed");
        assertThat(refreshed).isNotEmpty()
                .allSatisfy(l -> assertThat(l).containsPattern("ExpiredToken|InvalidClientTokenId|UnrecognizedClient")
                        .contains("\"" + Telemetry.CREDENTIAL_REFRESHES + "\":1.0").contains("\"side\":\"legacy\""));
        assertThat(refreshes() - refreshesBefore).isEqualTo(refreshed.size());
    }

    private static long refreshes() {
        return world.router().routing().metricCount(Telemetry.CREDENTIAL_REFRESHES + ":legacy");
    }
}
