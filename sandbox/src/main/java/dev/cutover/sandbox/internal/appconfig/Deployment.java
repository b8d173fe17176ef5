package dev.cutover.sandbox.internal.appconfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A deployment of one configuration version to one environment. Immutable: its progress is a
 * function of time ({@link #progressAt}), so no background thread moves it; stopping or
 * superseding it yields a copy with {@code endedAt}/{@code endState} set.
 *
 * <p>Timeline, with {@code m} the length of one strategy minute: the rollout reaches each step of
 * {@link DeploymentStrategy#steps()} at an even share of {@code durationMinutes * m}, the first at
 * the start; after the duration comes {@code finalBakeTimeMinutes * m} of BAKING, then COMPLETE.
 */
record Deployment(String applicationId, String environmentId, int deploymentNumber, String configurationProfileId,
        String configurationName, String configurationLocationUri, int configurationVersion, String versionLabel,
        String description, DeploymentStrategy strategy, Instant startedAt, Instant endedAt, String endState) {

    Deployment {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(environmentId, "environmentId");
        Objects.requireNonNull(configurationProfileId, "configurationProfileId");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(startedAt, "startedAt");
        if ((endedAt == null) != (endState == null)) {
            throw new IllegalArgumentException("endedAt and endState go together");
        }
    }

    Deployment end(Instant at, String state) {
        return new Deployment(applicationId, environmentId, deploymentNumber, configurationProfileId, configurationName,
                configurationLocationUri, configurationVersion, versionLabel, description, strategy, startedAt, at, state);
    }

    DeploymentProgress progressAt(Instant now, Duration minute) {
        boolean ended = endedAt != null && !now.isBefore(endedAt);
        Instant at = ended ? endedAt : now;
        List<Float> steps = strategy.steps();
        Duration duration = minute.multipliedBy(strategy.durationMinutes());
        Duration bake = minute.multipliedBy(strategy.finalBakeTimeMinutes());
        Instant deployedAt = startedAt.plus(duration);
        Instant completeAt = deployedAt.plus(bake);

        List<DeploymentEvent> events = new ArrayList<>();
        events.add(new DeploymentEvent("DEPLOYMENT_STARTED", "USER", "Deployment started", startedAt));
        float percentage = 0;
        for (int i = 0; i < steps.size(); i++) {
            Instant stepAt = startedAt.plus(duration.multipliedBy(i).dividedBy(steps.size()));
            if (stepAt.isAfter(at)) {
                break;
            }
            percentage = steps.get(i);
            events.add(new DeploymentEvent("PERCENTAGE_UPDATED", "APPCONFIG",
                    "Configuration available to " + format(percentage) + "% of clients", stepAt));
        }
        String state;
        Instant completedAt = null;
        if (at.isBefore(deployedAt)) {
            state = DeploymentProgress.DEPLOYING;
        } else if (at.isBefore(completeAt)) {
            state = DeploymentProgress.BAKING;
            events.add(new DeploymentEvent("BAKE_TIME_STARTED", "APPCONFIG", "Deployment bake time started", deployedAt));
        } else {
            state = DeploymentProgress.COMPLETE;
            completedAt = completeAt;
            if (!bake.isZero()) {
                events.add(new DeploymentEvent("BAKE_TIME_STARTED", "APPCONFIG", "Deployment bake time started", deployedAt));
            }
            events.add(new DeploymentEvent("DEPLOYMENT_COMPLETED", "APPCONFIG", "Deployment completed", completeAt));
        }
        if (ended && !DeploymentProgress.COMPLETE.equals(state)) {
            completedAt = endedAt;
            if (DeploymentProgress.COMPLETE.equals(endState)) {
                state = DeploymentProgress.COMPLETE;
                events.add(new DeploymentEvent("DEPLOYMENT_COMPLETED", "APPCONFIG",
                        "Deployment completed early: a newer deployment started during bake time", endedAt));
            } else {
                state = endState;
                percentage = DeploymentProgress.REVERTED.equals(endState) ? 100 : percentage;
                events.add(new DeploymentEvent("ROLLBACK_STARTED", "USER", "Deployment stopped by user", endedAt));
                events.add(new DeploymentEvent("ROLLBACK_COMPLETED", "APPCONFIG", "Rollback completed", endedAt));
            }
        } else if (ended && DeploymentProgress.REVERTED.equals(endState)) {
            state = endState;
            completedAt = endedAt;
            events.add(new DeploymentEvent("REVERT_COMPLETED", "USER", "Deployment reverted by user", endedAt));
        }
        Collections.reverse(events);
        return new DeploymentProgress(state, percentage, completedAt, events);
    }

    private static String format(float percentage) {
        return percentage == Math.rint(percentage) ? Integer.toString((int) percentage) : Float.toString(percentage);
    }
}
