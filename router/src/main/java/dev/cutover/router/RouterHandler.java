package dev.cutover.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
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
        LegacyAccount l = config.accounts().legacy();
        String name = (l.sessionName() + "@" + functionName.replaceAll("[^\\w+=,.@-]", "-"));
        name = name.substring(0, Math.min(64, name.length()));
        LegacyAccount renamed = new LegacyAccount(l.accountId(), l.roleArn(), l.externalId(), name, l.sessionDuration(),
                l.prefetchTime(), l.staleTime());
        return new CutoverConfig(config.region(), new dev.cutover.config.Accounts(renamed, config.accounts().newAccountId()),
                config.resources(), config.appConfig(), config.operations(), config.router());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RouterRequest request;
        RouterResponse response;
        try {
            request = toRequest(JSON.readTree(input), context);
            response = router.handle(request);
        } catch (IOException | RuntimeException e) {
            // Not an HTTP API 2.0 event: nothing to route, answer 400 in the same shape.
            ObjectNode body = JSON.createObjectNode();
            body.put("message", "the event is not an API Gateway HTTP API (payload format 2.0) request");
            body.put("requestId", context == null ? "-" : context.getAwsRequestId());
            response = RouterResponse.json(400, body.toString());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("statusCode", response.status());
        ObjectNode headers = out.putObject("headers");
        response.headers().forEach(headers::put);
        out.put("body", response.body());
        out.put("isBase64Encoded", false);
        JSON.writeValue(output, out);
    }

    /** Reads the fields of a payload format 2.0 event the router uses. */
    static RouterRequest toRequest(JsonNode event, Context context) {
        JsonNode ctx = event.path("requestContext");
        String method = ctx.path("http").path("method").asText(null);
        String rawPath = event.path("rawPath").asText(null);
        if (method == null || rawPath == null) {
            throw new IllegalArgumentException("not a payload format 2.0 event");
        }
        String requestId = ctx.path("requestId").asText(null);
        if (requestId == null) {
            requestId = context != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        }
        Map<String, String> headers = new HashMap<>();
        event.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        Map<String, String> query = new HashMap<>();
        event.path("queryStringParameters").fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
        String body = null;
        int bodyBytes = 0;
        JsonNode bodyNode = event.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            if (event.path("isBase64Encoded").asBoolean(false)) {
                // API Gateway base64-encodes bodies it does not take for text: decoded strictly, bad UTF-8 is a 400
                return RouterRequest.withBodyBytes(method, rawPath, query, headers, Base64.getDecoder().decode(bodyNode.asText()),
                        requestId);
            }
            body = bodyNode.asText();
            bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
        }
        return new RouterRequest(method, rawPath, query, headers, body, bodyBytes, requestId);
    }
}
