package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** An AppConfig environment; {@code monitors} is the Monitors list as the caller sent it (may be null). */
record Environment(String applicationId, String id, String name, String description, JsonNode monitors) {

    Environment {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
