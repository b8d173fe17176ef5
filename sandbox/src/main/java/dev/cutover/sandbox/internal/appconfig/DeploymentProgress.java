package dev.cutover.sandbox.internal.appconfig;

import java.time.Instant;
import java.util.List;

/**
 * Where a deployment stands at one instant.
 *
 * @param state DEPLOYING, BAKING, COMPLETE, ROLLED_BACK or REVERTED
 * @param percentageComplete percentage of targets reached
 * @param completedAt when it reached COMPLETE / ROLLED_BACK / REVERTED, or null
 * @param events the EventLog, newest first
 */
record DeploymentProgress(String state, float percentageComplete, Instant completedAt, List<DeploymentEvent> events) {

    static final String DEPLOYING = "DEPLOYING";
    static final String BAKING = "BAKING";
    static final String COMPLETE = "COMPLETE";
    static final String ROLLED_BACK = "ROLLED_BACK";
    static final String REVERTED = "REVERTED";

    DeploymentProgress {
        events = List.copyOf(events);
    }

    /** True while the environment may not take another deployment. */
    boolean isDeploying() {
        return DEPLOYING.equals(state);
    }

    /** True once every target has the configuration and it was not rolled back: AppConfigData serves it. */
    boolean isServed() {
        return BAKING.equals(state) || COMPLETE.equals(state);
    }
}
