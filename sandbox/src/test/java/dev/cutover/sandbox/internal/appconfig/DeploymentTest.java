package dev.cutover.sandbox.internal.appconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static Deployment deployment(DeploymentStrategy strategy) {
        return new Deployment("app", "env", 1, "prof", "flags", "hosted", 1, null, null, strategy, START, null, null);
    }

    private static DeploymentStrategy strategy(int minutes, int bake, float growth, String type) {
        return new DeploymentStrategy("s", "s", null, minutes, bake, growth, type, "NONE");
    }

    @Test
    void progressAt_whenZeroDurationAndNoBake_isCompleteAtOnce() {
        DeploymentProgress progress = deployment(strategy(0, 0, 100f, "LINEAR")).progressAt(START, MINUTE);

        assertThat(progress.state()).isEqualTo("COMPLETE");
        assertThat(progress.percentageComplete()).isEqualTo(100f);
        assertThat(progress.completedAt()).isEqualTo(START);
    }

    @Test
    void progressAt_linear20PercentOver30Minutes_growsEvery6MinutesThenBakes() {
        Deployment d = deployment(strategy(30, 30, 20f, "LINEAR"));

        assertThat(d.progressAt(START, MINUTE).percentageComplete()).isEqualTo(20f);
        assertThat(d.progressAt(START.plus(Duration.ofMinutes(6)), MINUTE).percentageComplete()).isEqualTo(40f);
        assertThat(d.progressAt(START.plus(Duration.ofMinutes(29)), MINUTE).state()).isEqualTo("DEPLOYING");
        assertThat(d.progressAt(START.plus(Duration.ofMinutes(30)), MINUTE).state()).isEqualTo("BAKING");
        DeploymentProgress done = d.progressAt(START.plus(Duration.ofMinutes(60)), MINUTE);
        assertThat(done.state()).isEqualTo("COMPLETE");
        assertThat(done.completedAt()).isEqualTo(START.plus(Duration.ofMinutes(60)));
        assertThat(done.events()).extracting(DeploymentEvent::eventType)
                .containsExactly("DEPLOYMENT_COMPLETED", "BAKE_TIME_STARTED", "PERCENTAGE_UPDATED", "PERCENTAGE_UPDATED",
                        "PERCENTAGE_UPDATED", "PERCENTAGE_UPDATED", "PERCENTAGE_UPDATED", "DEPLOYMENT_STARTED");
    }

    @Test
    void progressAt_exponential10Percent_doublesEachStep() {
        Deployment d = deployment(strategy(20, 10, 10f, "EXPONENTIAL"));

        assertThat(d.strategy().steps()).containsExactly(10f, 20f, 40f, 80f, 100f);
        assertThat(d.progressAt(START.plus(Duration.ofMinutes(8)), MINUTE).percentageComplete()).isEqualTo(40f);
    }

    @Test
    void progressAt_afterStopWhileDeploying_isRolledBackFromThen() {
        Deployment stopped = deployment(strategy(10, 0, 50f, "LINEAR")).end(START.plus(Duration.ofMinutes(1)), "ROLLED_BACK");

        DeploymentProgress progress = stopped.progressAt(START.plus(Duration.ofMinutes(30)), MINUTE);

        assertThat(progress.state()).isEqualTo("ROLLED_BACK");
        assertThat(progress.isServed()).isFalse();
        assertThat(progress.completedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(progress.events().get(0).eventType()).isEqualTo("ROLLBACK_COMPLETED");
    }

    @Test
    void progressAt_afterSupersededWhileBaking_isCompleteAndServed() {
        Deployment superseded = deployment(strategy(0, 10, 100f, "LINEAR")).end(START.plus(Duration.ofMinutes(2)), "COMPLETE");

        DeploymentProgress progress = superseded.progressAt(START.plus(Duration.ofMinutes(3)), MINUTE);

        assertThat(progress.state()).isEqualTo("COMPLETE");
        assertThat(progress.isServed()).isTrue();
        assertThat(progress.completedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
    }

    @Test
    void progressAt_usesTheConfiguredMinuteLength() {
        Deployment d = deployment(strategy(2, 0, 50f, "LINEAR"));
        Duration shortMinute = Duration.ofMillis(100);

        assertThat(d.progressAt(START.plusMillis(150), shortMinute).percentageComplete()).isEqualTo(100f);
        assertThat(d.progressAt(START.plusMillis(200), shortMinute).state()).isEqualTo("COMPLETE");
    }
}
