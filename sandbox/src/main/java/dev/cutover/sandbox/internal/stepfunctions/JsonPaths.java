package dev.cutover.sandbox.internal.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JsonPath subset of Amazon States Language reference paths: {@code $}, {@code $.a.b}, {@code $.a[0]}, and the
 * context object's {@code $$.Map.Item.Value} and the like. Payload templates (Parameters, ItemSelector, ResultSelector):
 * a key ending in {@code .$} takes the value its path selects; every other value is copied, objects recursively.
 */
final class JsonPaths {
    private static final Pattern STEP = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]");

    private JsonPaths() {
    }

    /** Whether {@code path} is a reference path this interpreter understands. */
    static boolean isValid(String path) {
        String rest = path.startsWith("$$") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : null;
        if (rest == null) {
            return false;
        }
        Matcher m = STEP.matcher(rest);
        int at = 0;
        while (m.find() && m.start() == at) {
            at = m.end();
        }
        return at == rest.length();
    }

    /** The node {@code path} selects in {@code input} ({@code $...}) or {@code context} ({@code $$...}). */
    static JsonNode read(String path, JsonNode input, JsonNode context, String field) {
        JsonNode node = path.startsWith("$$") ? context : input;
        String rest = path.startsWith("$$") ? path.substring(2) : path.substring(1);
        Matcher m = STEP.matcher(rest);
        while (m.find()) {
            node = m.group(1) != null ? node.get(m.group(1)) : node.isArray() ? node.get(Integer.parseInt(m.group(2))) : null;
            if (node == null) {
                throw StatesError.runtime("The JSONPath '" + path + "' specified for the field '" + field
                        + "' could not be found in the input '" + (path.startsWith("$$") ? context : input) + "'");
            }
        }
        return node;
    }

    /** A copy of {@code input} with {@code result} placed at {@code resultPath} ("$": the result replaces the input). */
    static JsonNode write(String resultPath, JsonNode input, JsonNode result) {
        if (resultPath.equals("$")) {
            return result;
        }
        List<String> fields = new ArrayList<>();
        Matcher m = STEP.matcher(resultPath.substring(1));
        while (m.find()) {
            if (m.group(1) == null) {
                throw StatesError.runtime("ResultPath '" + resultPath + "' may name fields only, not array elements");
            }
            fields.add(m.group(1));
        }
        if (!input.isObject()) {
            throw StatesError.runtime("Unable to apply ResultPath '" + resultPath + "' to input '" + input + "': it is not an object");
        }
        ObjectNode root = ((ObjectNode) input).deepCopy();
        ObjectNode node = root;
        for (int i = 0; i < fields.size() - 1; i++) {
            JsonNode next = node.get(fields.get(i));
            if (next == null || !next.isObject()) {
                next = node.putObject(fields.get(i));
            }
            node = (ObjectNode) next;
        }
        node.set(fields.get(fields.size() - 1), result);
        return root;
    }

    /** A payload template evaluated against {@code input} and {@code context}. */
    static JsonNode evaluate(JsonNode template, JsonNode input, JsonNode context, String field) {
        if (!template.isObject()) {
            return template.deepCopy();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = template.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith(".$")) {
                String key = e.getKey().substring(0, e.getKey().length() - 2);
                out.set(key, read(e.getValue().asText(), input, context, field + "." + e.getKey()).deepCopy());
            } else {
                out.set(e.getKey(), evaluate(e.getValue(), input, context, field + "." + e.getKey()));
            }
        }
        return out;
    }
}
