package dev.cutover.router.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cutover.config.Template;
import dev.cutover.router.RouterRequest;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Placeholder values of one request. Every value a template takes from the request is checked here,
 * before it can reach a key, a parameter name or a message attribute: an identifier of 1 to 255
 * characters from {@code [A-Za-z0-9_.:@#+=,~-]}, starting with a letter or digit, without "..".
 * That refuses path traversal ("../x", "a/b"), quotes, braces, '$', whitespace and control characters.
 */
public final class RequestValues implements Template.Values {
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@#+=,~-]{0,254}");
    static final String IDENTIFIER_RULE = "1 to 255 of letters, digits and _.:@#+=,~- starting with a letter or digit, without '..'";

    private final RouterRequest request;
    private final Map<String, String> pathVariables;
    private final JsonNode body;

    public RequestValues(RouterRequest request, Map<String, String> pathVariables, JsonNode body) {
        this.request = request;
        this.pathVariables = pathVariables;
        this.body = body;
    }

    /**
     * Bodies are read strictly: a duplicate key or content after the JSON value is refused, so that the router and a
     * consumer of the forwarded body cannot read different values from it; numbers keep their exact text.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** Parses a JSON body strictly (see {@link #STRICT}); a malformed one is the caller's error. */
    public static JsonNode parseBody(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw HttpFailure.badRequest("request body is required: send a JSON object");
        }
        try {
            JsonNode node = STRICT.readTree(body);
            if (node == null || !node.isObject()) {
                throw HttpFailure.badRequest("request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpFailure.badRequest("request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
    }

    public RouterRequest request() {
        return request;
    }

    /** The parsed JSON body, or null when the operation reads none. */
    public JsonNode body() {
        return body;
    }

    /** A top-level body field as sent (any JSON type, numbers with their exact text), or null when absent. */
    public JsonNode bodyValue(String name) {
        JsonNode field = body == null ? null : body.get(name);
        return field == null || field.isNull() ? null : field;
    }

    @Override
    public Optional<String> lookup(Template.Ref ref) {
        String value = switch (ref.source()) {
            case PATH -> pathVariables.get(ref.name());
            case QUERY -> request.query().get(ref.name());
            case HEADER -> request.header(ref.name());
            case BODY -> bodyField(ref.name());
            case REQUEST_ID -> request.requestId();
        };
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(checked(ref, value));
    }

    /** Renders {@code template}; 400 naming the placeholder when the request lacks a value. */
    public String render(Template template, String what) {
        return template.render(this).orElseThrow(() -> HttpFailure.badRequest(what + " needs " + missing(template)
                + ", which this request does not have"));
    }

    private String missing(Template template) {
        for (Template.Ref ref : template.refs()) {
            if (lookup(ref).isEmpty()) {
                return describe(ref);
            }
        }
        return template.text();
    }

    private String bodyField(String name) {
        if (body == null) {
            return null;
        }
        JsonNode field = body.get(name);
        if (field == null || field.isNull()) {
            return null;
        }
        if (!field.isTextual() && !field.isNumber() && !field.isBoolean()) {
            throw HttpFailure.badRequest("body field '" + RouteTable.printable(name) + "' must be a string or a number");
        }
        return field.asText();
    }

    public static String checked(Template.Ref ref, String value) {
        if (!IDENTIFIER.matcher(value).matches() || value.contains("..")) {
            throw HttpFailure.badRequest(describe(ref) + " '" + RouteTable.printable(value) + "' is not allowed: use " + IDENTIFIER_RULE);
        }
        return value;
    }

    public static String describe(Template.Ref ref) {
        return switch (ref.source()) {
            case PATH -> "path variable {" + ref.name() + "}";
            case QUERY -> "query parameter '" + ref.name() + "'";
            case HEADER -> "header '" + ref.name() + "'";
            case BODY -> "body field '" + ref.name() + "'";
            case REQUEST_ID -> "the request id";
        };
    }
}
