package dev.cutover.sandbox.internal.appconfig;

import java.time.Instant;

/** One entry of a deployment's EventLog. */
record DeploymentEvent(String eventType, String triggeredBy, String description, Instant occurredAt) {
}
