package dev.cutover.sandbox.internal.edge;

/** Handles {@code /_sandbox/...}; {@code path} is what follows that prefix, e.g. "faults". */
@FunctionalInterface
public interface AdminEndpoint {

    EdgeResponse handle(String method, String path, byte[] body);
}
