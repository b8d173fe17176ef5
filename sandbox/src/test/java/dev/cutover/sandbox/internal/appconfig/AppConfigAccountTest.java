package dev.cutover.sandbox.internal.appconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AppConfigAccountTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AppConfigAccount account = new AppConfigAccount("111111111111", clock, Duration.ofMinutes(1));
    private final String app = account.createApplication("orders", null).id();
    private final String env = account.createEnvironment(app, "prod", null, null).id();
    private final String profile = account.createConfigurationProfile(app, "flags", null, "hosted", "AWS.Freeform", null, null).id();
    private final String linear = account.createDeploymentStrategy("linear", null, 10, 5, 50f, "LINEAR", "NONE").id();

    private int version(String text) {
        return account.createHostedConfigurationVersion(app, profile, null, "text/plain", null, null,
                text.getBytes(StandardCharsets.UTF_8)).versionNumber();
    }

    private String served() {
        return account.servedVersion(env, profile).map(v -> new String(v.content(), StandardCharsets.UTF_8)).orElse("none");
    }

    @Test
    void servedVersion_followsTheDeploymentOnlyOnceItReachedAllTargets() {
        account.startDeployment(app, env, "AppConfig.AllAtOnce", profile, Integer.toString(version("one")), null);
        account.startDeployment(app, env, linear, profile, Integer.toString(version("two")), null);

        assertThat(served()).isEqualTo("one");
        clock.advance(Duration.ofMinutes(10));
        assertThat(served()).isEqualTo("two");
        assertThat(account.environmentState(env)).isEqualTo("DEPLOYING");
        clock.advance(Duration.ofMinutes(5));
        assertThat(account.environmentState(env)).isEqualTo("READY_FOR_DEPLOYMENT");
    }

    @Test
    void startDeployment_whileAnotherDeploys_isAConflictNamingIt() {
        account.startDeployment(app, env, linear, profile, Integer.toString(version("one")), null);

        assertThatThrownBy(() -> account.startDeployment(app, env, linear, profile, "1", null))
                .isInstanceOf(AppConfigError.class).hasMessageContaining("Deployment 1 of environment " + env + " is still in progress")
                .satisfies(e -> assertThat(((AppConfigError) e).code()).isEqualTo("ConflictException"));
    }

    @Test
    void startDeployment_byVersionLabel_deploysThatVersion() {
        account.createHostedConfigurationVersion(app, profile, null, "text/plain", "release-a", null,
                "labelled".getBytes(StandardCharsets.UTF_8));

        assertThat(account.startDeployment(app, env, "AppConfig.AllAtOnce", profile, "release-a", null).configurationVersion())
                .isEqualTo(1);
        assertThat(served()).isEqualTo("labelled");
    }

    @Test
    void stopDeployment_ofCompletedWithAllowRevert_servesThePreviousVersionAgain() {
        String immediate = account.createDeploymentStrategy("now", null, 0, 0, 100f, "LINEAR", "NONE").id();
        account.startDeployment(app, env, immediate, profile, Integer.toString(version("one")), null);
        int second = account.startDeployment(app, env, immediate, profile, Integer.toString(version("two")), null).deploymentNumber();

        assertThatThrownBy(() -> account.stopDeployment(app, env, second, false)).hasMessageContaining("set AllowRevert");
        assertThat(account.stopDeployment(app, env, second, true).endState()).isEqualTo("REVERTED");
        assertThat(served()).isEqualTo("one");
    }

    @Test
    void createHostedConfigurationVersion_withStaleLatestVersionNumber_isAConflict() {
        version("one");

        assertThatThrownBy(() -> account.createHostedConfigurationVersion(app, profile, null, "text/plain", null, 0, new byte[0]))
                .hasMessageContaining("Latest-Version-Number 0 does not match the latest version 1");
    }

    @Test
    void createHostedConfigurationVersion_concurrently_numbersWithoutGapsOrDuplicates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String text = "v" + i;
                calls.add(() -> version(text));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<Integer> future : pool.invokeAll(calls)) {
                numbers.add(future.get());
            }

            assertThat(numbers).doesNotHaveDuplicates().hasSize(200);
            assertThat(numbers).allMatch(n -> n >= 1 && n <= 200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lookups_acrossApplications_doNotLeak() {
        String other = account.createApplication("billing", null).id();

        assertThatThrownBy(() -> account.environment(other, env)).hasMessageContaining("not found in application " + other);
        assertThat(account.findEnvironment(other, "prod")).isEmpty();
        assertThat(account.findApplication("orders")).map(Application::id).contains(app);
    }
}
