package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a stored {@code AWS.AppConfig.FeatureFlags} document into what AppConfigData serves:
 * one entry per defined flag, {@code {"enabled": true, "attr": value, ...}} for an enabled flag and
 * {@code {"enabled": false}} for a disabled one or one without a value. Definitions, names,
 * descriptions and {@code _createdAt}-style metadata are not served.
 *
 * <p>Expects a document that passed {@link FeatureFlagsValidator}.
 */
public final class FeatureFlagsEvaluator {

    private final ObjectMapper mapper;

    public FeatureFlagsEvaluator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] evaluate(byte[] document) {
        try {
            return mapper.writeValueAsBytes(evaluate(mapper.readTree(document)));
        } catch (IOException e) {
            throw new UncheckedIOException("feature flags document was validated but cannot be read back", e);
        }
    }

    public ObjectNode evaluate(JsonNode document) {
        ObjectNode served = mapper.createObjectNode();
        JsonNode values = document.path("values");
        for (Iterator<String> flags = document.path("flags").fieldNames(); flags.hasNext();) {
            String flag = flags.next();
            JsonNode value = values.path(flag);
            ObjectNode out = served.putObject(flag);
            boolean enabled = value.path("enabled").asBoolean(false);
            out.put("enabled", enabled);
            if (!enabled) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!"enabled".equals(field.getKey()) && !field.getKey().startsWith("_")) {
                    out.set(field.getKey(), field.getValue().deepCopy());
                }
            }
        }
        return served;
    }
}
