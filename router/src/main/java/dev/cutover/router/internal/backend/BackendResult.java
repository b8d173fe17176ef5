package dev.cutover.router.internal.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a side answered: {@code status} 200 or 202 with the response body, or 404 when the item or
 * parameter does not exist (body then holds {@code message}). Failures are exceptions, not results.
 */
public record BackendResult(int status, ObjectNode body) {
    public boolean isFound() {
        return status != 404;
    }
}
