package dev.cutover.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's IAM authorization answered by the sandbox: the request's method, raw path and query, headers and body hash
 * go to the sandbox's {@code POST /_sandbox/execute-api/authorize} (unsigned, loopback only), which verifies the SigV4
 * signature with its own credential store (root keys, STS sessions and their expiry) and evaluates {@code execute-api:Invoke}
 * on the route's ARN with its IAM engine. Works the same whether the sandbox runs in this JVM ({@code ./cutover demo}, tests)
 * or in another process ({@code ./cutover sandbox}); the router module needs nothing of the sandbox's code for it.
 *
 * <p>Fails closed: a sandbox that cannot be reached or gives no decision denies with 500 and a message naming the endpoint.
 */
public final class SandboxLocalAuthorizer implements LocalAuthorizer {
    /** The sandbox's route that decides. */
    public static final String PATH = "/_sandbox/execute-api/authorize";

    private final URI endpoint;
    private final URI check;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** @param sandboxEndpoint the sandbox's base URL, e.g. http://127.0.0.1:4566 */
    public SandboxLocalAuthorizer(URI sandboxEndpoint) {
        this.endpoint = sandboxEndpoint;
        String base = sandboxEndpoint.toString();
        this.check = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Verdict authorize(Invoke request) {
        ObjectNode body = json.createObjectNode();
        body.put("method", request.method());
        body.put("path", request.rawPath());
        if (request.rawQuery() != null) {
            body.put("query", request.rawQuery());
        }
        ObjectNode headers = body.putObject("headers");
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            header.getValue().forEach(headers.withArray(header.getKey())::add);
        }
        body.put("bodySha256", sha256Hex(request.body()));
        body.put("resource", request.invokeArn());
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(check).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return unavailable("the sandbox at " + endpoint + " did not answer (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); is it running? Start it with ./cutover sandbox and pass its endpoint to --endpoint");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while asking the sandbox at " + endpoint);
        }
        JsonNode decision;
        try {
            decision = json.readTree(response.body());
        } catch (IOException e) {
            decision = null;
        }
        if (response.statusCode() != 200 || decision == null || !decision.path("allowed").isBoolean()) {
            return unavailable("the sandbox at " + endpoint + " answered " + response.statusCode() + " to " + PATH + " ("
                    + excerpt(response.body()) + "); is --endpoint a cutover sandbox?");
        }
        if (decision.get("allowed").asBoolean()) {
            return Verdict.allow(decision.path("principal").asText());
        }
        return Verdict.deny(decision.path("status").asInt(403), decision.path("errorType").asText("AccessDeniedException"),
                decision.path("message").asText("Forbidden"));
    }

    private static Verdict unavailable(String message) {
        return Verdict.deny(500, "AuthorizerFailure", "the local IAM authorizer could not decide: " + message);
    }

    private static String excerpt(String body) {
        String trimmed = body == null ? "" : body.strip();
        return trimmed.length() > 200 ? trimmed.substring(0, 200) + "..." : trimmed;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
