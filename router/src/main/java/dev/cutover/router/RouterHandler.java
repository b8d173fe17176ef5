package dev.cutover.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.aws.AwsClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Lambda entry point ({@code dev.cutover.router.RouterHandler::handleRequest}) behind an API
 * Gateway HTTP API, payload format 2.0.
 *
 * <p>A stream handler reading the event with Jackson rather than
 * {@code RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>}: the few fields the router
 * needs are read from the tree, so neither aws-lambda-java-events nor the runtime's reflective
 * serializer is loaded at cold start.
 *
 * <p>Everything is built in the constructor, which Lambda runs once in the init phase: the
 * configuration, the clients of both sides (legacy through AssumeRole with ExternalId), the AppConfig
 * session. Environment:
 * <ul>
 *   <li>{@code CUTOVER_CONFIG_FILE}: path of the configuration file (relative paths from the task root), or
 *   <li>{@code CUTOVER_CONFIG}: the configuration itself (YAML or JSON), else the classpath resource {@code /cutover.yaml};
 *   <li>{@code CUTOVER_ENDPOINT_URL}: optional endpoint for every service (the sandbox);
 *   <li>{@code AWS_LAMBDA_FUNCTION_NAME}: appended to the AssumeRole session name so the legacy account's
 *       CloudTrail shows which function called.
 * </ul>
 */
public final class RouterHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CutoverRouter router;

    /** Lambda's constructor: configuration and clients from the environment. */
    public RouterHandler() {
        this(fromEnvironment(System.getenv()));
    }

    /** A handler around a router built elsewhere (tests, other runtimes). */
    public RouterHandler(CutoverRouter router) {
        this.router = router;
    }

    private static CutoverRouter fromEnvironment(Map<String, String> env) {
        CutoverConfig config = withFunctionSessionName(loadConfig(env), env.get("AWS_LAMBDA_FUNCTION_NAME"));
        AwsClientFactory.Builder factory = AwsClientFactory.builder()
                .apiCallTimeout(config.router().backendTimeout());
        String endpoint = env.get("CUTOVER_ENDPOINT_URL");
        if (endpoint != null && !endpoint.isBlank()) {
            factory.endpoint(URI.create(endpoint));
        }
        return CutoverRouter.create(config, factory.build(config));
    }

    static CutoverConfig loadConfig(Map<String, String> env) {
        String file = env.get("CUTOVER_CONFIG_FILE");
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            if (!path.isAbsolute() && env.get("LAMBDA_TASK_ROOT") != null) {
                path = Path.of(env.get("LAMBDA_TASK_ROOT")).resolve(path);
            }
            return CutoverConfig.load(path);
        }
        String inline = env.get("CUTOVER_CONFIG");
        if (inline != null && !inline.isBlank()) {
            return CutoverConfig.parse(inline, "CUTOVER_CONFIG");
        }
        try (InputStream in = RouterHandler.class.getResourceAsStream("/cutover.yaml")) {
            if (in == null) {
                throw new RoutingException("no configuration: set CUTOVER_CONFIG_FILE (a path) or CUTOVER_CONFIG (the YAML itself),"
                        + " or package cutover.yaml at the root of the jar");
            }
            return CutoverConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "cutover.yaml");
        } catch (IOException e) {
            throw new RoutingException("cannot read cutover.yaml from the classpath: " + e.getMessage(), e);
        }
    }

    /** "cutover-router" in function "shop-router" becomes "cutover-router@shop-router" (at most 64 characters). */
    static CutoverConfig withFunctionSessionName(CutoverConfig config, String functionName) {
        if (functionName == null || functionName.isBlank()) {
            return config;
        }
        String name = config.accounts().legacy().sessionName() + "@" + functionName.replaceAll("[^\\w+=,.@-]", "-");
        String capped = name.substring(0, Math.min(64, name.length()));
        return config.toBuilder().legacyAccount(legacy -> legacy.sessionName(capped)).build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RouterRequest request;
        RouterResponse response;
        try {
            try (JsonParser p = JSON.getFactory().createParser(input)) {
                request = toRequest(p, context);
            }
            response = router.handle(request);
        } catch (IOException | RuntimeException e) {
            // Not an HTTP API 2.0 event: nothing to route, answer 400 in the same shape.
            ObjectNode body = JSON.createObjectNode();
            body.put("message", "the event is not an API Gateway HTTP API (payload format 2.0) request");
            body.put("requestId", context == null ? "-" : context.getAwsRequestId());
            response = RouterResponse.json(400, body.toString());
        }
        // Streamed: the response document is written once, without building a tree first.
        try (JsonGenerator g = JSON.getFactory().createGenerator(output)) {
            g.writeStartObject();
            g.writeNumberField("statusCode", response.status());
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : response.headers().entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
            g.writeStringField("body", response.body());
            g.writeBooleanField("isBase64Encoded", false);
            g.writeEndObject();
        }
    }

    /** Reads the fields of a payload format 2.0 event the router uses (tests; the handler streams the event). */
    static RouterRequest toRequest(JsonNode event, Context context) throws IOException {
        try (JsonParser p = JSON.treeAsTokens(event)) {
            return toRequest(p, context);
        }
    }

    /**
     * Reads the fields of a payload format 2.0 event the router uses in one pass over the tokens, skipping the rest
     * (no tree of the whole event is built).
     */
    static RouterRequest toRequest(JsonParser p, Context context) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a payload format 2.0 event");
        }
        String method = null;
        String rawPath = null;
        String requestId = null;
        String body = null;
        boolean base64 = false;
        Map<String, String> headers = new HashMap<>();
        Map<String, String> query = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "rawPath" -> rawPath = value.isScalarValue() ? p.getValueAsString() : skip(p);
                case "body" -> body = value == JsonToken.VALUE_NULL ? null : value.isScalarValue() ? p.getValueAsString() : skip(p);
                case "isBase64Encoded" -> base64 = value == JsonToken.VALUE_TRUE;
                case "headers" -> readStrings(p, value, headers);
                case "queryStringParameters" -> readStrings(p, value, query);
                case "requestContext" -> {
                    if (value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken v = p.nextToken();
                            if (name.equals("requestId") && v.isScalarValue()) {
                                requestId = p.getValueAsString();
                            } else if (name.equals("http") && v == JsonToken.START_OBJECT) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    boolean isMethod = p.currentName().equals("method");
                                    JsonToken m = p.nextToken();
                                    if (isMethod && m.isScalarValue()) {
                                        method = p.getValueAsString();
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (method == null || rawPath == null) {
            throw new IllegalArgumentException("not a payload format 2.0 event");
        }
        if (requestId == null) {
            requestId = context != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        }
        if (body != null && base64) {
            // API Gateway base64-encodes bodies it does not take for text: decoded strictly, bad UTF-8 is a 400
            return RouterRequest.withBodyBytes(method, rawPath, query, headers, Base64.getDecoder().decode(body), requestId);
        }
        int bodyBytes = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        return new RouterRequest(method, rawPath, query, headers, body, bodyBytes, requestId);
    }

    /** The members of a JSON object of strings (other scalars as text, nested values as ""); null or absent is none. */
    private static void readStrings(JsonParser p, JsonToken start, Map<String, String> into) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            into.put(name, value.isScalarValue() ? p.getValueAsString("") : skip(p));
        }
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return "";
    }
}
