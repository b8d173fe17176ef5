package dev.cutover.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.config.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A JSON/YAML node that knows its path in the file, so every error names the field ("operations[2].route"). */
public final class Node {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final JsonNode json;
    private final String path;

    public Node(JsonNode json, String path) {
        this.json = json;
        this.path = path;
    }

    public String path() {
        return path;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public ConfigException error(String problem) {
        return new ConfigException((path.isEmpty() ? "configuration" : path) + " " + problem);
    }

    public boolean has(String name) {
        return json.has(name) && !json.get(name).isNull();
    }

    /** Fails on keys that are not in {@code allowed}: a typo must not silently do nothing. */
    public Node allowOnly(String... allowed) {
        Set<String> names = Set.of(allowed);
        Iterator<String> it = json.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new ConfigException(child(name) + " is not a known field; known fields here: " + String.join(", ", allowed));
            }
        }
        return this;
    }

    public Node object(String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            throw new ConfigException(child(name) + " is required");
        }
        if (!value.isObject()) {
            throw new ConfigException(child(name) + " must be a mapping, but was '" + value + "'");
        }
        return new Node(value, child(name));
    }

    public Optional<Node> optionalObject(String name) {
        return has(name) ? Optional.of(object(name)) : Optional.empty();
    }

    public List<Node> list(String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigException(child(name) + " must be a list, but was '" + value + "'");
        }
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isObject()) {
                throw new ConfigException(child(name) + "[" + i + "] must be a mapping, but was '" + element + "'");
            }
            out.add(new Node(element, child(name) + "[" + i + "]"));
        }
        return out;
    }

    /** A list of text values, e.g. {@code audience: [a, b]}; empty when absent. */
    public List<String> strings(String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigException(child(name) + " must be a list of text values, but was '" + value + "'");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(new Node(value.get(i), child(name) + "[" + i + "]").text());
        }
        return out;
    }

    /** The entries of a mapping field, in file order. */
    public Map<String, Node> entries(String name) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!has(name)) {
            return out;
        }
        Node map = object(name);
        map.json.fields().forEachRemaining(e -> out.put(e.getKey(), new Node(e.getValue(), map.child(e.getKey()))));
        return out;
    }

    /** The value of a field as parsed (any JSON type), or null when absent; for templates kept as trees. */
    public JsonNode raw(String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public boolean isObject() {
        return json.isObject();
    }

    public String text() {
        if (!json.isValueNode() || json.isNull()) {
            throw error("must be a text value, but was '" + json + "'");
        }
        return json.asText();
    }

    public String string(String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            throw new ConfigException(child(name) + " is required");
        }
        if (!value.isValueNode()) {
            throw new ConfigException(child(name) + " must be a text value, but was '" + value + "'");
        }
        String text = value.asText();
        if (text.isBlank()) {
            throw new ConfigException(child(name) + " must not be empty");
        }
        return text;
    }

    public String string(String name, String defaultValue) {
        return has(name) ? string(name) : defaultValue;
    }

    public String matching(String name, Pattern pattern, String rule) {
        String value = string(name);
        if (!pattern.matcher(value).matches()) {
            throw new ConfigException(child(name) + " must be " + rule + ", but was '" + value + "'");
        }
        return value;
    }

    public boolean bool(String name, boolean defaultValue) {
        if (!has(name)) {
            return defaultValue;
        }
        JsonNode value = json.get(name);
        if (!value.isBoolean()) {
            throw new ConfigException(child(name) + " must be true or false, but was '" + value + "'");
        }
        return value.asBoolean();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        if (!has(name)) {
            return defaultValue;
        }
        JsonNode value = json.get(name);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ConfigException(child(name) + " must be a whole number, but was '" + value + "'");
        }
        int v = value.asInt();
        if (v < min || v > max) {
            throw new ConfigException(child(name) + " must be between " + min + " and " + max + ", but was " + v);
        }
        return v;
    }

    /** ISO-8601 ("PT15S") or short ("500ms", "15s", "5m", "1h"). */
    public Duration duration(String name, Duration defaultValue) {
        if (!has(name)) {
            return defaultValue;
        }
        String text = string(name).trim();
        var m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigException(child(name) + " must be a duration such as '15s', '500ms', '1h' or 'PT15S', but was '"
                    + text + "'");
        }
    }
}
