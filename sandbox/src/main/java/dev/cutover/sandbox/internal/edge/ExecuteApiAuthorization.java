package dev.cutover.sandbox.internal.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.sandbox.SandboxException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway's IAM authorization of one request, for the local router ({@code POST /_sandbox/execute-api/authorize}):
 * the request as the router received it (method, raw path and query, headers, the SHA-256 of the body) must carry a SigV4
 * signature for service {@code execute-api} that the sandbox's credential store verifies, and the signer must be allowed
 * {@code execute-api:Invoke} on the route's ARN by the IAM engine. As for an HTTP API (which has no resource policies), a
 * caller of another account than the API's is refused; the API's account root is always allowed.
 *
 * <p>The answer is a decision, not an error: {@code {"allowed":true,"principal":ARN,"accountId":ID}} or
 * {@code {"allowed":false,"status":403,"errorType":TYPE,"message":TEXT}} with API Gateway's error types
 * (MissingAuthenticationTokenException, IncompleteSignatureException, UnrecognizedClientException, InvalidSignatureException,
 * ExpiredTokenException, AccessDeniedException). A request that is not a well-formed check is a {@link SandboxException}.
 */
public final class ExecuteApiAuthorization {
    /** The action API Gateway's IAM authorizer evaluates. */
    public static final String ACTION = "execute-api:Invoke";
    private static final String SIGNING_NAME = "execute-api";
    private static final Pattern ARN = Pattern.compile("arn:aws:execute-api:([a-z0-9-]+):(\\d{12}):[^/\\s]+/[^/\\s]+/[A-Z]+/\\S*");

    private final SignatureVerifier signatures;
    private final Authorizer authorizer;
    private final RequestCounter counter;

    public ExecuteApiAuthorization(SignatureVerifier signatures, Authorizer authorizer, RequestCounter counter) {
        this.signatures = signatures;
        this.authorizer = authorizer;
        this.counter = counter;
    }

    /** Decides the check in {@code request} (the JSON body of the admin call); see the class comment for both shapes. */
    public Map<String, Object> decide(JsonNode request) {
        String method = text(request, "method");
        String path = text(request, "path");
        String rawQuery = request.path("query").isTextual() ? request.get("query").asText() : null;
        String bodySha256 = text(request, "bodySha256");
        String resource = text(request, "resource");
        Matcher arn = ARN.matcher(resource);
        if (!arn.matches()) {
            throw new SandboxException("resource must be an execute-api ARN arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH,"
                    + " but was '" + resource + "'");
        }
        if (!arn.group(1).equals(signatures.region())) {
            throw new SandboxException("resource '" + resource + "' is in region " + arn.group(1) + " but the sandbox serves "
                    + signatures.region());
        }
        if (!request.path("headers").isObject()) {
            throw new SandboxException("headers must be an object of header name to a list of values, e.g. {\"Host\":[\"127.0.0.1\"]}");
        }
        Map<String, String> headers = new HashMap<>();
        request.get("headers").fields().forEachRemaining(field -> {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            String value = field.getValue().isArray() ? joined(field.getValue()) : field.getValue().asText();
            headers.merge(name, value, (a, b) -> a + "," + b);
        });
        try {
            String authorization = headers.get("authorization");
            if (authorization == null) {
                throw new AwsException(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            }
            SigV4.Authorization auth;
            try {
                auth = SigV4.parse(authorization);
            } catch (SigV4.MalformedException e) {
                throw ErrorResponses.incompleteSignature(Protocol.REST_JSON, e.getMessage());
            }
            if (!SIGNING_NAME.equals(auth.service())) {
                throw ErrorResponses.badSignature(Protocol.REST_JSON, "Credential should be scoped to correct service: '" + SIGNING_NAME
                        + "'. The request was signed for '" + auth.service() + "'.");
            }
            Caller caller = signatures.authenticate(auth, Protocol.REST_JSON, method, path, rawQuery, headers, () -> bodySha256);
            counter.increment(caller.accountId(), SIGNING_NAME, "Invoke");
            authorizer.authorize(caller, Protocol.REST_JSON, ACTION, resource, arn.group(2), Optional.empty(), Map.of());
            Map<String, Object> allowed = new LinkedHashMap<>();
            allowed.put("allowed", true);
            allowed.put("principal", caller.arn());
            allowed.put("accountId", caller.accountId());
            return allowed;
        } catch (AwsException e) {
            Map<String, Object> denied = new LinkedHashMap<>();
            denied.put("allowed", false);
            denied.put("status", 403);
            denied.put("errorType", e.code());
            denied.put("message", e.getMessage());
            return denied;
        }
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new SandboxException("POST /_sandbox/execute-api/authorize needs \"" + field + "\" (a non-empty string); fields: method,"
                    + " path, query, headers, bodySha256, resource");
        }
        return value.asText();
    }

    private static String joined(JsonNode values) {
        StringBuilder out = new StringBuilder();
        for (JsonNode value : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(value.asText());
        }
        return out.toString();
    }
}
