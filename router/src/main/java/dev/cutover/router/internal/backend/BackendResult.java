package dev.cutover.router.internal.backend;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a side answered: {@code status} 200 or 202 with the response body, or 404 when the item or
 * parameter does not exist (body then holds {@code message}). Failures are exceptions, not results.
 */
public record BackendResult(int status, ObjectNode body) {
    /** Numbers keep their exact text (19.90 stays 19.90). */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    public boolean isFound() {
        return status != 404;
    }

    public static BackendResult notFound(String message) {
        ObjectNode body = NODES.objectNode();
        body.put("message", message);
        return new BackendResult(404, body);
    }
}
