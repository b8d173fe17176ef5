package dev.cutover.config;

import java.time.Duration;

/**
 * Where the routing flags live (in the new account): AppConfig application, environment and
 * FeatureFlags profile, names or ids, and the minimum poll interval asked of AppConfig.
 */
public record AppConfigLocation(String application, String environment, String profile, Duration pollInterval) {

    /** A copy polling every {@code interval}. */
    public AppConfigLocation withPollInterval(Duration interval) {
        return new AppConfigLocation(application, environment, profile, interval);
    }
}
