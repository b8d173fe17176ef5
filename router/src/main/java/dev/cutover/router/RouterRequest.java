package dev.cutover.router;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as the router sees it, whether it came from API Gateway (payload format 2.0) or
 * from the local adapter.
 *
 * @param method upper-case HTTP method
 * @param rawPath the path as sent, still percent-encoded (API Gateway's {@code rawPath})
 * @param query decoded query parameters (the last value wins when a name repeats)
 * @param headers headers; names are matched case-insensitively
 * @param body the body decoded to text, or null when there is none
 * @param bodyBytes the size of the body on the wire, for the {@code maxBodyBytes} limit
 * @param requestId the id that ties the response, the log line and the idempotency key together
 */
public record RouterRequest(String method, String rawPath, Map<String, String> query, Map<String, String> headers, String body,
        int bodyBytes, String requestId) {

    public RouterRequest {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        rawPath = Objects.requireNonNull(rawPath, "rawPath");
        query = query == null ? Map.of() : Map.copyOf(query);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        headers = java.util.Collections.unmodifiableMap(h);
        requestId = Objects.requireNonNull(requestId, "requestId");
    }

    /** A request without body, e.g. for tests and the library API. */
    public static RouterRequest of(String method, String rawPath, String requestId) {
        return new RouterRequest(method, rawPath, Map.of(), Map.of(), null, 0, requestId);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
