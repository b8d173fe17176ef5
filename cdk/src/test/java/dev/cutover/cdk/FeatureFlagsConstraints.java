package dev.cutover.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the values of an AWS.AppConfig.FeatureFlags document against its own flag definitions,
 * the way AppConfig validates a hosted version: every value names a defined flag, has a boolean
 * "enabled", and each attribute of an enabled flag satisfies its constraints (type, enum, pattern,
 * minimum, maximum, required). Returns the problems; empty means valid.
 */
final class FeatureFlagsConstraints {

    private FeatureFlagsConstraints() {
    }

    static List<String> problems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        JsonNode flags = document.path("flags");
        JsonNode values = document.path("values");
        if (!"1".equals(document.path("version").asText())) {
            problems.add("version must be \"1\"");
        }
        if (!flags.isObject() || !values.isObject()) {
            problems.add("flags and values must be objects");
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> value = it.next();
            String key = value.getKey();
            JsonNode definition = flags.get(key);
            if (definition == null) {
                problems.add("values." + key + " has no flag definition");
                continue;
            }
            if (!value.getValue().path("enabled").isBoolean()) {
                problems.add("values." + key + ".enabled must be a boolean");
            }
            JsonNode attributes = definition.path("attributes");
            for (Iterator<Map.Entry<String, JsonNode>> attrs = attributes.fields(); attrs.hasNext(); ) {
                Map.Entry<String, JsonNode> attribute = attrs.next();
                String where = "values." + key + "." + attribute.getKey();
                JsonNode constraints = attribute.getValue().path("constraints");
                JsonNode actual = value.getValue().get(attribute.getKey());
                if (actual == null) {
                    if (constraints.path("required").asBoolean(false) && value.getValue().path("enabled").asBoolean(false)) {
                        problems.add(where + " is required");
                    }
                    continue;
                }
                check(where, constraints, actual, problems);
            }
            for (Iterator<String> names = value.getValue().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("enabled") && !attributes.has(name)) {
                    problems.add("values." + key + "." + name + " is not a defined attribute");
                }
            }
        }
        return problems;
    }

    private static void check(String where, JsonNode constraints, JsonNode actual, List<String> problems) {
        String type = constraints.path("type").asText();
        boolean typeOk = switch (type) {
            case "string" -> actual.isTextual();
            case "number" -> actual.isNumber();
            case "boolean" -> actual.isBoolean();
            default -> false;
        };
        if (!typeOk) {
            problems.add(where + " must be of type " + type + ", but was " + actual);
            return;
        }
        if (constraints.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : constraints.get("enum")) {
                found |= allowed.equals(actual);
            }
            if (!found) {
                problems.add(where + " must be one of " + constraints.get("enum") + ", but was " + actual);
            }
        }
        if (constraints.has("pattern") && !Pattern.compile(constraints.get("pattern").asText()).matcher(actual.asText()).matches()) {
            problems.add(where + " must match " + constraints.get("pattern") + ", but was " + actual);
        }
        if (constraints.has("minimum") && actual.asDouble() < constraints.get("minimum").asDouble()) {
            problems.add(where + " must be >= " + constraints.get("minimum") + ", but was " + actual);
        }
        if (constraints.has("maximum") && actual.asDouble() > constraints.get("maximum").asDouble()) {
            problems.add(where + " must be <= " + constraints.get("maximum") + ", but was " + actual);
        }
    }
}
