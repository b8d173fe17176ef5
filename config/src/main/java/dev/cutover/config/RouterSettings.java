package dev.cutover.config;

import java.time.Duration;

/**
 * Router behaviour that is not per operation.
 *
 * @param maxBodyBytes requests with a larger body are refused with 413
 * @param secondaryTimeout how long a shadow read or dual write may take before it is abandoned
 * @param backendTimeout how long one backend call (all SDK attempts together) may take
 * @param defaultSide where operations go before the first flags fetch succeeds
 */
public record RouterSettings(int maxBodyBytes, Duration secondaryTimeout, Duration backendTimeout, Side defaultSide) {
    public static RouterSettings defaults() {
        return new RouterSettings(64 * 1024, Duration.ofMillis(500), Duration.ofSeconds(5), Side.LEGACY);
    }
}
