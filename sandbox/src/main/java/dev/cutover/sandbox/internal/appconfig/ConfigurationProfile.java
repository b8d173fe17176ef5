package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An AppConfig configuration profile. Only {@code hosted} profiles are served by the sandbox.
 *
 * @param type {@link #FEATURE_FLAGS} or {@link #FREEFORM}
 * @param validators the Validators list as the caller sent it (stored and returned, not enforced)
 */
record ConfigurationProfile(String applicationId, String id, String name, String description, String locationUri, String type,
        JsonNode validators, String retrievalRoleArn) {

    static final String FEATURE_FLAGS = "AWS.AppConfig.FeatureFlags";
    static final String FREEFORM = "AWS.Freeform";

    ConfigurationProfile {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    boolean isFeatureFlags() {
        return FEATURE_FLAGS.equals(type);
    }
}
