package dev.cutover.router;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the local HTTP adapter ({@link LocalRouterServer}) asks before it serves an {@code auth: iam} route: does this request
 * carry a valid SigV4 signature for service {@code execute-api} from a principal allowed {@code execute-api:Invoke} on the
 * route's ARN? In AWS, API Gateway's IAM authorizer answers that before the Lambda runs; locally an implementation answers
 * it, e.g. {@link SandboxLocalAuthorizer} (the sandbox's credential store and IAM engine).
 *
 * <p>Implementations must be thread-safe and fail closed: when they cannot decide, they deny.
 */
public interface LocalAuthorizer {

    /**
     * The request as the local server received it.
     *
     * @param method upper-case HTTP method
     * @param rawPath the path as sent, still percent-encoded
     * @param rawQuery the query as sent, or null
     * @param headers every header with all its values, names as received
     * @param body the body bytes as received
     * @param invokeArn the route's {@code arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH}
     */
    record Invoke(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body, String invokeArn) {
        public Invoke {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(rawPath, "rawPath");
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
            Objects.requireNonNull(invokeArn, "invokeArn");
        }
    }

    /**
     * The decision: allowed (with the caller's principal ARN) or denied with API Gateway's status, {@code x-amzn-ErrorType}
     * and message (e.g. 403, "MissingAuthenticationTokenException", "Missing Authentication Token").
     */
    record Verdict(boolean allowed, String principal, int status, String errorType, String message) {
        public static Verdict allow(String principal) {
            return new Verdict(true, principal, 200, null, null);
        }

        public static Verdict deny(int status, String errorType, String message) {
            return new Verdict(false, null, status, errorType, message);
        }
    }

    /** Decides whether {@code request} may invoke its route. Never throws: a failure to decide is a denial. */
    Verdict authorize(Invoke request);

    /**
     * Whether the server enforces the routes' {@code auth} at all; false only for {@link #off()}, which serves every route
     * unauthenticated ({@code ./cutover router --no-auth}).
     */
    default boolean enforces() {
        return true;
    }

    /** No enforcement: {@code auth: iam} and {@code auth: jwt} routes answer anyone who reaches 127.0.0.1. For experiments only. */
    static LocalAuthorizer off() {
        return new LocalAuthorizer() {
            @Override
            public Verdict authorize(Invoke request) {
                return Verdict.allow("anonymous");
            }

            @Override
            public boolean enforces() {
                return false;
            }
        };
    }

    /**
     * Refuses every {@code auth: iam} request with 403 and {@code why} (e.g. "no sandbox to verify signatures against"): the
     * secure default when nothing can verify SigV4 locally.
     */
    static LocalAuthorizer unavailable(String why) {
        return request -> Verdict.deny(403, "AccessDeniedException", why);
    }
}
