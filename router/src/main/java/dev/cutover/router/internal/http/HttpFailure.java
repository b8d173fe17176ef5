package dev.cutover.router.internal.http;

import dev.cutover.router.RoutingException;
import java.util.Map;

/**
 * A request that ends in an error status. {@code getMessage()} is what the caller sees in the JSON
 * body: it names what was wrong and never holds a stack trace, a credential or a backend secret.
 */
public class HttpFailure extends RoutingException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String outcome;
    private final transient Map<String, String> headers;

    public HttpFailure(int status, String outcome, String message) {
        this(status, outcome, message, Map.of(), null);
    }

    public HttpFailure(int status, String outcome, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.outcome = outcome;
        this.headers = Map.copyOf(headers);
    }

    public static HttpFailure badRequest(String message) {
        return new HttpFailure(400, "bad_request", message);
    }

    public int status() {
        return status;
    }

    /** Short outcome for logs and metrics: bad_request, not_found, throttled, denied, backend_error, timeout... */
    public String outcome() {
        return outcome;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
