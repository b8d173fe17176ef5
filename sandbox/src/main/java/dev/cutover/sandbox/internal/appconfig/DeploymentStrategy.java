package dev.cutover.sandbox.internal.appconfig;

import java.util.List;
import java.util.Objects;

/**
 * How a deployment rolls out: {@code growthFactor}% of targets per step (LINEAR) or doubling from it
 * (EXPONENTIAL), steps spread evenly over {@code durationMinutes}, then {@code finalBakeTimeMinutes}
 * of bake time.
 */
record DeploymentStrategy(String id, String name, String description, int durationMinutes, int finalBakeTimeMinutes,
        float growthFactor, String growthType, String replicateTo) {

    static final String LINEAR = "LINEAR";
    static final String EXPONENTIAL = "EXPONENTIAL";

    /** The strategies every account has, with AWS's ids (the names) and parameters. */
    static final List<DeploymentStrategy> PREDEFINED = List.of(
            new DeploymentStrategy("AppConfig.AllAtOnce", "AppConfig.AllAtOnce", "Quick", 0, 10, 100f, LINEAR, "NONE"),
            new DeploymentStrategy("AppConfig.Linear50PercentEvery30Seconds", "AppConfig.Linear50PercentEvery30Seconds",
                    "Test/Demo", 1, 1, 50f, LINEAR, "NONE"),
            new DeploymentStrategy("AppConfig.Linear20PercentEvery6Minutes", "AppConfig.Linear20PercentEvery6Minutes",
                    "AWS Recommended", 30, 30, 20f, LINEAR, "NONE"),
            new DeploymentStrategy("AppConfig.Canary10Percent20Minutes", "AppConfig.Canary10Percent20Minutes",
                    "AWS Recommended", 20, 10, 10f, EXPONENTIAL, "NONE"));

    DeploymentStrategy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(growthType, "growthType");
    }

    /** The cumulative percentage of targets reached after each step, ending with 100. */
    List<Float> steps() {
        java.util.ArrayList<Float> steps = new java.util.ArrayList<>();
        float reached = 0;
        for (int i = 0; reached < 100f; i++) {
            reached = Math.min(100f, LINEAR.equals(growthType) ? growthFactor * (i + 1) : growthFactor * (float) Math.pow(2, i));
            steps.add(reached);
        }
        return steps;
    }
}
