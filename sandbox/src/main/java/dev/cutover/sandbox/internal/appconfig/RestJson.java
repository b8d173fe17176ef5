package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** REST-JSON plumbing shared by the two AppConfig stand-ins. */
final class RestJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String JSON = "application/json";

    private RestJson() {
    }

    /** Path segments, URL-decoded, without empty ones: "/applications/abc" → [applications, abc]. */
    static List<String> segments(String rawPath) {
        String path = rawPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /** The JSON body as an object; an empty body reads as {}. */
    static JsonNode body(EdgeRequest request) {
        if (request.body().length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw AppConfigError.badRequest("The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw AppConfigError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AppConfigError.badRequest("The request body cannot be read: " + e.getMessage());
        }
    }

    static JsonNode field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? MissingNode.getInstance() : value;
    }

    static EdgeResponse json(int status, JsonNode body) {
        try {
            return new EdgeResponse(status, Map.of("Content-Type", JSON), MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Renders an error with modelled members the way AWS REST-JSON services do. */
    static EdgeResponse error(AppConfigError error) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("Message", error.getMessage());
        body.setAll(error.members());
        return json(error.status(), body).withHeader("x-amzn-ErrorType", error.code());
    }

    /** AppConfig models its timestamps (StartedAt, CompletedAt, OccurredAt) as ISO 8601 strings, not epoch seconds. */
    static String iso8601(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
