package dev.cutover.sandbox.internal.edge;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What every stand-in may know about the running sandbox.
 *
 * @param region the region the sandbox pretends to be (default us-east-1)
 * @param accountIds every account the sandbox knows
 * @param endpoint the edge's base URL, e.g. "http://127.0.0.1:4566" (known once the edge is bound)
 * @param clock time source (tests may move it)
 * @param dataDir where stand-ins that keep state across restarts keep it (each in its own subdirectory); null in memory
 */
public record SandboxContext(String region, List<String> accountIds, String endpoint, Clock clock, Path dataDir) {

    /** A sandbox that keeps everything in memory. */
    public SandboxContext(String region, List<String> accountIds, String endpoint, Clock clock) {
        this(region, accountIds, endpoint, clock, null);
    }
}
