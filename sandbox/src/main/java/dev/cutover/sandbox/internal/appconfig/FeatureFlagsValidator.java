package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a hosted configuration of type {@code AWS.AppConfig.FeatureFlags} the way AppConfig does
 * when a version is created: the documented JSON schema (version "1", flag and attribute key
 * pattern, allowed properties) plus the cross-checks AppConfig applies on top (values reference
 * defined flags and attributes, attribute values obey their constraints, required attributes are
 * present).
 *
 * <p>Pure logic, no I/O: {@link #validate(byte[])} returns every problem found, empty when valid.
 */
public final class FeatureFlagsValidator {

    /** Flag and attribute keys, from the AWS.AppConfig.FeatureFlags schema. */
    static final Pattern KEY_PATTERN = Pattern.compile("^[a-z][a-zA-Z\\d_-]{0,63}$");
    private static final Pattern NAME_PATTERN = Pattern.compile("^[^\\n]{1,64}$");
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_STRING_VALUE = 1024;
    private static final int MAX_ATTRIBUTES = 25;
    private static final Set<String> TOP_LEVEL = Set.of("version", "flags", "values");
    private static final Set<String> FLAG_DEFINITION = Set.of(
            "name", "description", "_createdAt", "_updatedAt", "_deprecation", "attributes");
    private static final Set<String> ATTRIBUTE_DEFINITION = Set.of("description", "constraints");
    private static final Map<String, Set<String>> CONSTRAINTS_BY_TYPE = Map.of(
            "string", Set.of("type", "required", "pattern", "enum"),
            "number", Set.of("type", "required", "minimum", "maximum"),
            "boolean", Set.of("type", "required"),
            "array", Set.of("type", "required", "elements"));
    private static final Set<String> ELEMENT_CONSTRAINTS = Set.of("type", "pattern", "enum", "minimum", "maximum");
    private static final Set<String> FLAG_VALUE_METADATA = Set.of("_createdAt", "_updatedAt");

    private final ObjectMapper mapper;

    public FeatureFlagsValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Every problem of {@code content}; empty when it is a valid feature flags document. */
    public List<ConfigurationProblem> validate(byte[] content) {
        JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (JsonProcessingException e) {
            return List.of(new ConfigurationProblem("$", "json",
                    "The content is not valid JSON (" + e.getOriginalMessage() + "); a feature flags document is a JSON object", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ConfigurationProblem> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            problems.add(new ConfigurationProblem("$", "type", "A feature flags document must be a JSON object with \"version\": \"1\"",
                    root == null ? "" : root.toString()));
            return problems;
        }
        onlyKnownProperties(root, TOP_LEVEL, "", "the document", problems);
        JsonNode version = root.get("version");
        if (version == null) {
            problems.add(new ConfigurationProblem("version", "required", "\"version\" is required; set it to \"1\"", ""));
        } else if (!version.isTextual() || !"1".equals(version.asText())) {
            problems.add(new ConfigurationProblem("version", "enum",
                    "\"version\" must be the string \"1\", but was " + version, version.toString()));
        }
        JsonNode flags = root.path("flags");
        if (!flags.isMissingNode() && !flags.isObject()) {
            problems.add(new ConfigurationProblem("flags", "type", "\"flags\" must be an object of flag definitions", flags.toString()));
        } else if (flags.isObject()) {
            validateFlagDefinitions(flags, problems);
        }
        JsonNode values = root.path("values");
        if (!values.isMissingNode() && !values.isObject()) {
            problems.add(new ConfigurationProblem("values", "type", "\"values\" must be an object of flag values", values.toString()));
        } else if (values.isObject()) {
            validateValues(flags.isObject() ? flags : mapper.createObjectNode(), values, problems);
        }
        return problems;
    }

    private void validateFlagDefinitions(JsonNode flags, List<ConfigurationProblem> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = flags.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> flag = it.next();
            String key = flag.getKey();
            String at = "flags." + key;
            checkKey(key, at, "flag key", problems);
            JsonNode definition = flag.getValue();
            if (!definition.isObject()) {
                problems.add(new ConfigurationProblem(at, "type", "Flag '" + key + "' must be defined by an object",
                        definition.toString()));
                continue;
            }
            onlyKnownProperties(definition, FLAG_DEFINITION, at, "flag '" + key + "'", problems);
            JsonNode name = definition.get("name");
            if (name != null && (!name.isTextual() || !NAME_PATTERN.matcher(name.asText()).matches())) {
                problems.add(new ConfigurationProblem(at + ".name", "pattern",
                        "The name of flag '" + key + "' must be a single-line string of 1 to 64 characters", name.toString()));
            }
            checkDescription(definition, at, "flag '" + key + "'", problems);
            JsonNode attributes = definition.get("attributes");
            if (attributes == null) {
                continue;
            }
            if (!attributes.isObject()) {
                problems.add(new ConfigurationProblem(at + ".attributes", "type",
                        "The attributes of flag '" + key + "' must be an object", attributes.toString()));
                continue;
            }
            if (attributes.size() > MAX_ATTRIBUTES) {
                problems.add(new ConfigurationProblem(at + ".attributes", "maxProperties",
                        "Flag '" + key + "' defines " + attributes.size() + " attributes; at most " + MAX_ATTRIBUTES + " are allowed", ""));
            }
            for (Iterator<Map.Entry<String, JsonNode>> attrs = attributes.fields(); attrs.hasNext();) {
                Map.Entry<String, JsonNode> attribute = attrs.next();
                validateAttributeDefinition(key, attribute.getKey(), attribute.getValue(), problems);
            }
        }
    }

    private void validateAttributeDefinition(String flag, String attribute, JsonNode definition, List<ConfigurationProblem> problems) {
        String at = "flags." + flag + ".attributes." + attribute;
        String what = "attribute '" + attribute + "' of flag '" + flag + "'";
        checkKey(attribute, at, "attribute key", problems);
        if ("enabled".equals(attribute)) {
            problems.add(new ConfigurationProblem(at, "reserved",
                    "Flag '" + flag + "' defines an attribute named 'enabled'; that name is reserved, choose another", attribute));
        }
        if (!definition.isObject()) {
            problems.add(new ConfigurationProblem(at, "type", "The definition of " + what + " must be an object", definition.toString()));
            return;
        }
        onlyKnownProperties(definition, ATTRIBUTE_DEFINITION, at, what, problems);
        checkDescription(definition, at, what, problems);
        JsonNode constraints = definition.get("constraints");
        if (constraints == null) {
            return;
        }
        String cat = at + ".constraints";
        if (!constraints.isObject()) {
            problems.add(new ConfigurationProblem(cat, "type", "The constraints of " + what + " must be an object",
                    constraints.toString()));
            return;
        }
        String type = constraints.path("type").asText("");
        Set<String> allowed = CONSTRAINTS_BY_TYPE.get(type);
        if (allowed == null) {
            problems.add(new ConfigurationProblem(cat + ".type", "type",
                    "The constraints of " + what + " need \"type\" set to one of string, number, boolean, array",
                    constraints.path("type").toString()));
            return;
        }
        onlyKnownProperties(constraints, allowed, cat, "the " + type + " constraints of " + what, problems);
        JsonNode required = constraints.get("required");
        if (required != null && !required.isBoolean()) {
            problems.add(new ConfigurationProblem(cat + ".required", "type",
                    "\"required\" of " + what + " must be true or false", required.toString()));
        }
        checkConstraintShape(constraints, "string".equals(type) || "number".equals(type) ? type : null, cat, what, problems);
        if ("array".equals(type)) {
            JsonNode elements = constraints.get("elements");
            if (elements != null) {
                String eat = cat + ".elements";
                String elementType = elements.path("type").asText("");
                if (!elements.isObject() || !("string".equals(elementType) || "number".equals(elementType))) {
                    problems.add(new ConfigurationProblem(eat + ".type", "type",
                            "The array elements of " + what + " need \"type\" set to string or number", elements.toString()));
                } else {
                    onlyKnownProperties(elements, ELEMENT_CONSTRAINTS, eat, "the element constraints of " + what, problems);
                    checkConstraintShape(elements, elementType, eat, what, problems);
                }
            }
        }
    }

    /** The constraint keywords themselves must be well formed (pattern compiles, enum is a list, min <= max). */
    private void checkConstraintShape(JsonNode constraints, String type, String at, String what, List<ConfigurationProblem> problems) {
        if (type == null) {
            return;
        }
        JsonNode pattern = constraints.get("pattern");
        JsonNode enumeration = constraints.get("enum");
        if ("string".equals(type)) {
            if (pattern != null && enumeration != null) {
                problems.add(new ConfigurationProblem(at, "oneOf",
                        "The constraints of " + what + " set both \"pattern\" and \"enum\"; keep only one", ""));
            }
            if (pattern != null) {
                if (!pattern.isTextual()) {
                    problems.add(new ConfigurationProblem(at + ".pattern", "type", "\"pattern\" of " + what + " must be a string",
                            pattern.toString()));
                } else {
                    try {
                        Pattern.compile(pattern.asText());
                    } catch (PatternSyntaxException e) {
                        problems.add(new ConfigurationProblem(at + ".pattern", "pattern",
                                "\"pattern\" of " + what + " is not a valid regular expression: " + e.getDescription(), pattern.asText()));
                    }
                }
            }
            if (enumeration != null && (!enumeration.isArray() || enumeration.isEmpty() || !allTextual(enumeration))) {
                problems.add(new ConfigurationProblem(at + ".enum", "type",
                        "\"enum\" of " + what + " must be a non-empty list of strings", enumeration.toString()));
            }
        } else {
            JsonNode minimum = constraints.get("minimum");
            JsonNode maximum = constraints.get("maximum");
            for (JsonNode bound : new JsonNode[] {minimum, maximum}) {
                if (bound != null && !bound.isNumber()) {
                    problems.add(new ConfigurationProblem(at, "type", "\"minimum\" and \"maximum\" of " + what + " must be numbers",
                            bound.toString()));
                }
            }
            if (minimum != null && maximum != null && minimum.isNumber() && maximum.isNumber()
                    && minimum.decimalValue().compareTo(maximum.decimalValue()) > 0) {
                problems.add(new ConfigurationProblem(at, "minimum",
                        "\"minimum\" " + minimum + " of " + what + " is greater than its \"maximum\" " + maximum, minimum.toString()));
            }
        }
    }

    private void validateValues(JsonNode flags, JsonNode values, List<ConfigurationProblem> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String flag = entry.getKey();
            String at = "values." + flag;
            JsonNode value = entry.getValue();
            JsonNode definition = flags.get(flag);
            if (definition == null) {
                problems.add(new ConfigurationProblem(at, "flagDefined",
                        "\"values\" sets flag '" + flag + "', which is not defined in \"flags\"; define it there or remove the value",
                        flag));
                continue;
            }
            if (!value.isObject()) {
                problems.add(new ConfigurationProblem(at, "type",
                        "The value of flag '" + flag + "' must be an object like {\"enabled\": true}", value.toString()));
                continue;
            }
            JsonNode enabled = value.get("enabled");
            if (enabled == null) {
                problems.add(new ConfigurationProblem(at + ".enabled", "required",
                        "The value of flag '" + flag + "' needs \"enabled\": true or false", ""));
            } else if (!enabled.isBoolean()) {
                problems.add(new ConfigurationProblem(at + ".enabled", "type",
                        "\"enabled\" of flag '" + flag + "' must be true or false, but was " + enabled, enabled.toString()));
            }
            JsonNode attributes = definition.path("attributes");
            for (Iterator<Map.Entry<String, JsonNode>> attrs = value.fields(); attrs.hasNext();) {
                Map.Entry<String, JsonNode> attr = attrs.next();
                String name = attr.getKey();
                if ("enabled".equals(name) || FLAG_VALUE_METADATA.contains(name)) {
                    continue;
                }
                JsonNode attributeDefinition = attributes.get(name);
                if (attributeDefinition == null) {
                    problems.add(new ConfigurationProblem(at + "." + name, "attributeDefined",
                            "Flag '" + flag + "' has a value for attribute '" + name
                                    + "', which is not defined in flags." + flag + ".attributes; define it there or remove the value",
                            attr.getValue().toString()));
                    continue;
                }
                checkAttributeValue(flag, name, attr.getValue(), attributeDefinition.path("constraints"), at + "." + name, problems);
            }
            for (Iterator<Map.Entry<String, JsonNode>> defs = attributes.fields(); defs.hasNext();) {
                Map.Entry<String, JsonNode> def = defs.next();
                if (def.getValue().path("constraints").path("required").asBoolean(false) && !value.has(def.getKey())) {
                    problems.add(new ConfigurationProblem(at + "." + def.getKey(), "required",
                            "Attribute '" + def.getKey() + "' of flag '" + flag + "' is required but has no value; set "
                                    + at + "." + def.getKey(), ""));
                }
            }
        }
    }

    private void checkAttributeValue(String flag, String attribute, JsonNode value, JsonNode constraints, String at,
            List<ConfigurationProblem> problems) {
        String what = "attribute '" + attribute + "' of flag '" + flag + "'";
        if (!isAttributeValue(value)) {
            problems.add(new ConfigurationProblem(at, "type", "The value of " + what
                    + " must be a string (up to 1024 characters), a number, a boolean, or a list of only strings or only numbers",
                    value.toString()));
            return;
        }
        if (!constraints.isObject()) {
            return;
        }
        String type = constraints.path("type").asText("");
        if (!matchesType(value, type)) {
            problems.add(new ConfigurationProblem(at, "type",
                    "The value of " + what + " must be of type " + type + ", but was " + value, value.toString()));
            return;
        }
        if ("array".equals(type)) {
            JsonNode elements = constraints.path("elements");
            if (elements.isObject()) {
                String elementType = elements.path("type").asText("");
                for (int i = 0; i < value.size(); i++) {
                    JsonNode element = value.get(i);
                    String eat = at + "[" + i + "]";
                    if (!matchesType(element, elementType)) {
                        problems.add(new ConfigurationProblem(eat, "type", "Element " + i + " of " + what + " must be of type "
                                + elementType + ", but was " + element, element.toString()));
                    } else {
                        checkScalar(element, elements, eat, "element " + i + " of " + what, problems);
                    }
                }
            }
            return;
        }
        checkScalar(value, constraints, at, what, problems);
    }

    private void checkScalar(JsonNode value, JsonNode constraints, String at, String what, List<ConfigurationProblem> problems) {
        if (value.isTextual()) {
            JsonNode enumeration = constraints.get("enum");
            if (enumeration != null && enumeration.isArray() && !contains(enumeration, value.asText())) {
                problems.add(new ConfigurationProblem(at, "enum",
                        "The value '" + value.asText() + "' of " + what + " is not one of the allowed values " + enumeration,
                        value.asText()));
            }
            JsonNode pattern = constraints.get("pattern");
            if (pattern != null && pattern.isTextual()) {
                try {
                    if (!Pattern.compile(pattern.asText()).matcher(value.asText()).find()) {
                        problems.add(new ConfigurationProblem(at, "pattern", "The value '" + value.asText() + "' of " + what
                                + " does not match the pattern " + pattern.asText(), value.asText()));
                    }
                } catch (PatternSyntaxException e) {
                    // already reported as a bad constraint
                    return;
                }
            }
        } else if (value.isNumber()) {
            JsonNode minimum = constraints.get("minimum");
            JsonNode maximum = constraints.get("maximum");
            if (minimum != null && minimum.isNumber() && value.decimalValue().compareTo(minimum.decimalValue()) < 0) {
                problems.add(new ConfigurationProblem(at, "minimum",
                        "The value " + value + " of " + what + " is less than the minimum " + minimum, value.toString()));
            }
            if (maximum != null && maximum.isNumber() && value.decimalValue().compareTo(maximum.decimalValue()) > 0) {
                problems.add(new ConfigurationProblem(at, "maximum",
                        "The value " + value + " of " + what + " is greater than the maximum " + maximum, value.toString()));
            }
        }
    }

    private static boolean isAttributeValue(JsonNode value) {
        if (value.isTextual()) {
            return value.asText().length() <= MAX_STRING_VALUE;
        }
        if (value.isNumber() || value.isBoolean()) {
            return true;
        }
        if (!value.isArray()) {
            return false;
        }
        boolean strings = true;
        boolean numbers = true;
        for (JsonNode element : value) {
            strings &= element.isTextual() && element.asText().length() <= MAX_STRING_VALUE;
            numbers &= element.isNumber();
        }
        return strings || numbers;
    }

    private static boolean matchesType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            default -> true;
        };
    }

    private static void checkKey(String key, String at, String kind, List<ConfigurationProblem> problems) {
        if (!KEY_PATTERN.matcher(key).matches()) {
            problems.add(new ConfigurationProblem(at, "pattern", "The " + kind + " '" + key
                    + "' must start with a lowercase letter followed by up to 63 letters, digits, '_' or '-' (pattern "
                    + KEY_PATTERN.pattern() + ")", key));
        }
    }

    private static void checkDescription(JsonNode node, String at, String what, List<ConfigurationProblem> problems) {
        JsonNode description = node.get("description");
        if (description != null && (!description.isTextual() || description.asText().length() > MAX_DESCRIPTION)) {
            problems.add(new ConfigurationProblem(at + ".description", "maxLength",
                    "The description of " + what + " must be a string of at most " + MAX_DESCRIPTION + " characters", ""));
        }
    }

    private static void onlyKnownProperties(JsonNode node, Set<String> allowed, String at, String what,
            List<ConfigurationProblem> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String location = at.isEmpty() ? name : at + "." + name;
                problems.add(new ConfigurationProblem(location, "additionalProperties",
                        "Unknown property '" + name + "' in " + what + "; allowed: " + new java.util.TreeSet<>(allowed), name));
            }
        }
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode element : array) {
            if (element.isTextual() && element.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
