package dev.cutover.router.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.ResponseMapping;
import dev.cutover.router.RouterResponse;
import dev.cutover.router.internal.backend.BackendResult;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Renders a successful backend result as the operation's response: the default shape (the result's JSON, the action's
 * status) or the operation's {@link ResponseMapping} (status, headers, body template). Numbers keep their exact text:
 * the result's nodes are exact decimals and are copied, never converted.
 */
public final class ResponseRenderer {
    private static final String CONTENT_TYPE = "content-type";
    private static final String JSON_TYPE = "application/json";

    private final ObjectMapper json;
    private final Map<String, ResponseMapping> mappings = new HashMap<>();

    public ResponseRenderer(CutoverConfig config, ObjectMapper json) {
        this.json = json;
        for (Operation op : config.operations()) {
            op.response().ifPresent(m -> mappings.put(op.name(), m));
        }
    }

    /** The response to a result that was found (status 200 or 202). */
    public RouterResponse success(Operation operation, BackendResult result, String requestId) {
        ResponseMapping mapping = mappings.get(operation.name());
        if (mapping == null) {
            return RouterResponse.json(result.status(), write(result.body()));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put(CONTENT_TYPE, JSON_TYPE);
        mapping.headers().forEach((name, template) -> headers.put(name, text(template, result.body(), requestId)));
        JsonNode body = mapping.body() == null ? result.body() : render(mapping.body(), result.body(), requestId);
        return new RouterResponse(mapping.status().orElse(result.status()), headers, write(body == null ? BackendResult.NODES.nullNode()
                : body));
    }

    /** The template with its placeholders filled; null when it is one placeholder whose value is absent. */
    private static JsonNode render(JsonNode template, ObjectNode result, String requestId) {
        if (template.isObject()) {
            ObjectNode out = BackendResult.NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = render(e.getValue(), result, requestId);
                if (value != null) {
                    out.set(e.getKey(), value);
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = BackendResult.NODES.arrayNode();
            for (JsonNode element : template) {
                JsonNode value = render(element, result, requestId);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
        if (!template.isTextual()) {
            return template;
        }
        String text = template.asText();
        Matcher m = ResponseMapping.PLACEHOLDER.matcher(text);
        if (m.matches()) {
            return lookup(m.group(1), result, requestId);
        }
        return BackendResult.NODES.textNode(text(text, result, requestId));
    }

    /** A text template: each placeholder as text (numbers with their exact digits, objects as JSON), absent ones empty. */
    private static String text(String template, ObjectNode result, String requestId) {
        Matcher m = ResponseMapping.PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            JsonNode value = lookup(m.group(1), result, requestId);
            if (value != null) {
                out.append(value.isValueNode() ? value.asText() : value.toString());
            }
            last = m.end();
        }
        return out.append(template, last, template.length()).toString();
    }

    /** The value at {@code path} in the result ({@code item.price}, {@code items.0.id}), or null when absent. */
    private static JsonNode lookup(String path, ObjectNode result, String requestId) {
        if (path.equals("requestId")) {
            return BackendResult.NODES.textNode(requestId);
        }
        JsonNode node = result;
        for (String segment : path.split("\\.")) {
            if (node.isArray() && segment.chars().allMatch(Character::isDigit)) {
                node = node.get(Integer.parseInt(segment));
            } else {
                node = node.get(segment);
            }
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
        }
        return node;
    }

    public String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
