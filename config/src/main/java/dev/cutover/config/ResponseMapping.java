package dev.cutover.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.config.action.DynamoDbBatchGetItem;
import dev.cutover.config.action.DynamoDbDeleteItem;
import dev.cutover.config.action.DynamoDbGetItem;
import dev.cutover.config.action.DynamoDbPutItem;
import dev.cutover.config.action.DynamoDbQuery;
import dev.cutover.config.action.DynamoDbUpdateItem;
import dev.cutover.config.action.SqsSendMessage;
import dev.cutover.config.action.SsmGetParameter;
import dev.cutover.config.action.SsmGetParametersByPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an operation answers a successful call, so that the legacy API's response shape can be reproduced exactly:
 * {@code status} (default: the action's, 200 or 202), {@code headers} (name → text template) and {@code body}, a JSON
 * template over the backend result. Without a mapping the router answers its default shape.
 *
 * <p>Placeholders name a field of the action's result, optionally a path into it: {@code {item}}, {@code {item.price}},
 * {@code {items}}, {@code {cursor}}, {@code {messageId}}, {@code {value}} ({@link #RESULT_FIELDS} lists them per kind),
 * or {@code {requestId}}. A string that is exactly one placeholder takes the value with its JSON type (an object, an
 * array, a number with its exact text); a field whose value is absent (no {@code cursor} on the last page) is left out.
 * Placeholders inside other text are rendered as text. Errors (4xx, 5xx) keep the router's error shape.
 *
 * @param status the status of a success, or empty for the action's own
 * @param headers extra response headers, name (lower case) → template
 * @param body the body template, or null to keep the default body
 */
public record ResponseMapping(OptionalInt status, Map<String, String> headers, JsonNode body) {
    /** A placeholder: a result field and an optional path into it, or {@code requestId}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*)}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    private static final Set<String> RESERVED_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    /** The top-level fields of each action kind's result, which placeholders may name. */
    public static final Map<String, List<String>> RESULT_FIELDS = Map.of(
            DynamoDbGetItem.TYPE, List.of("item"),
            DynamoDbQuery.TYPE, List.of("items", "count", "cursor"),
            DynamoDbPutItem.TYPE, List.of("item"),
            DynamoDbUpdateItem.TYPE, List.of("item"),
            DynamoDbDeleteItem.TYPE, List.of("deleted"),
            DynamoDbBatchGetItem.TYPE, List.of("items", "count"),
            SqsSendMessage.TYPE, List.of("messageId", "idempotencyKey"),
            SsmGetParameter.TYPE, List.of("name", "value", "version"),
            SsmGetParametersByPath.TYPE, List.of("parameters", "count"));

    public ResponseMapping {
        headers = Map.copyOf(headers);
    }

    /**
     * Checks a mapping for an action kind; {@code path} names the mapping in errors, e.g. {@code operations[2].response}.
     * Every problem names the field and the fix.
     */
    public static ResponseMapping checked(OptionalInt status, Map<String, String> headers, JsonNode body, String actionType,
            String path) {
        if (status.isPresent() && (status.getAsInt() < 200 || status.getAsInt() > 299)) {
            throw new ConfigException(path + ".status must be a success status from 200 to 299 (errors keep the router's"
                    + " statuses), but was " + status.getAsInt());
        }
        List<String> fields = RESULT_FIELDS.get(actionType);
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            if (!HEADER_NAME.matcher(n).matches() || RESERVED_HEADERS.contains(n)) {
                throw new ConfigException(path + ".headers." + name + " is not a header the router may set: use a token name"
                        + " (letters, digits, !#$%&'*+.^_`|~-) other than " + RESERVED_HEADERS);
            }
            checkText(value, fields, actionType, path + ".headers." + name);
            lower.put(n, value);
        });
        if (body != null) {
            checkBody(body, fields, actionType, path + ".body");
        }
        return new ResponseMapping(status, lower, body);
    }

    private static void checkBody(JsonNode node, List<String> fields, String actionType, String path) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> checkBody(e.getValue(), fields, actionType, path + "." + e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkBody(node.get(i), fields, actionType, path + "[" + i + "]");
            }
        } else if (node.isTextual()) {
            checkText(node.asText(), fields, actionType, path);
        }
    }

    private static void checkText(String text, List<String> fields, String actionType, String path) {
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            checkGap(text.substring(last, m.start()), path);
            String name = m.group(1);
            String field = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            if (!name.equals("requestId") && !fields.contains(field)) {
                throw new ConfigException(path + " uses {" + name + "}, but a " + actionType + " result has no field '" + field
                        + "'; use one of " + fields + " (e.g. {" + fields.get(0) + "}) or {requestId}");
            }
            last = m.end();
        }
        checkGap(text.substring(last), path);
    }

    private static void checkGap(String literal, String path) {
        if (literal.contains("{") || literal.contains("}")) {
            throw new ConfigException(path + " has a '{' or '}' that is not a placeholder: write placeholders as {field} or"
                    + " {field.path} (letters, digits, '_' and '-')");
        }
    }

    /** The placeholder names of a text, in order (for tests and tools). */
    public static List<String> placeholders(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
