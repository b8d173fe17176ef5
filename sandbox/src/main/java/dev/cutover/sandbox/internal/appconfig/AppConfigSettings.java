package dev.cutover.sandbox.internal.appconfig;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Sandbox-wide knobs of the AppConfig stand-ins, read once when the sandbox starts.
 *
 * <ul>
 *   <li>{@value #DEFAULT_POLL_INTERVAL_PROPERTY} (default 60): the poll interval AppConfigData hands
 *       out when StartConfigurationSession has no RequiredMinimumPollIntervalInSeconds. AWS accepts
 *       15..86400 for that field; the sandbox accepts down to {@code min(15, this value)}, so tests set
 *       it to 1 and can poll every second (sessions may also ask for 1 explicitly then).</li>
 *   <li>{@value #DEPLOYMENT_MINUTE_PROPERTY} (default 60000): how long one "minute" of a deployment
 *       strategy (DeploymentDurationInMinutes, FinalBakeTimeInMinutes) lasts in real time, so a test can
 *       watch a 2-minute linear rollout progress in 2 seconds by setting it to 1000.</li>
 * </ul>
 *
 * @param defaultPollInterval the interval used when a session does not ask for one
 * @param minimumPollInterval the smallest interval a session may ask for
 * @param deploymentMinute the real-time length of one strategy minute
 * @param tokenLifetime how long a configuration token stays valid (24 h, as AWS)
 */
public record AppConfigSettings(Duration defaultPollInterval, Duration minimumPollInterval, Duration deploymentMinute,
        Duration tokenLifetime) {

    public static final String DEFAULT_POLL_INTERVAL_PROPERTY = "cutover.sandbox.appconfig.defaultPollIntervalSeconds";
    public static final String DEPLOYMENT_MINUTE_PROPERTY = "cutover.sandbox.appconfig.deploymentMinuteMillis";
    /** AWS's lower bound for RequiredMinimumPollIntervalInSeconds. */
    static final int AWS_MINIMUM_POLL_SECONDS = 15;
    static final int MAXIMUM_POLL_SECONDS = 86_400;

    public AppConfigSettings {
        if (defaultPollInterval.isNegative() || defaultPollInterval.toSeconds() < 1
                || defaultPollInterval.toSeconds() > MAXIMUM_POLL_SECONDS) {
            throw new IllegalArgumentException(DEFAULT_POLL_INTERVAL_PROPERTY + " must be 1.." + MAXIMUM_POLL_SECONDS
                    + " seconds, but was " + defaultPollInterval.toSeconds());
        }
        if (minimumPollInterval.toSeconds() < 1 || minimumPollInterval.toSeconds() > AWS_MINIMUM_POLL_SECONDS) {
            throw new IllegalArgumentException("minimumPollInterval must be 1.." + AWS_MINIMUM_POLL_SECONDS + " seconds, but was "
                    + minimumPollInterval.toSeconds());
        }
        if (deploymentMinute.isNegative() || deploymentMinute.isZero()) {
            throw new IllegalArgumentException(DEPLOYMENT_MINUTE_PROPERTY + " must be a positive number of milliseconds, but was "
                    + deploymentMinute.toMillis());
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive, but was " + tokenLifetime);
        }
    }

    /** AWS's values: poll every 60 s by default, at least 15 s, minutes are minutes, tokens live 24 h. */
    public static AppConfigSettings defaults() {
        return of(60, Duration.ofMinutes(1));
    }

    public static AppConfigSettings of(int defaultPollIntervalSeconds, Duration deploymentMinute) {
        Duration poll = Duration.ofSeconds(defaultPollIntervalSeconds);
        Duration minimum = Duration.ofSeconds(Math.max(1, Math.min(AWS_MINIMUM_POLL_SECONDS, defaultPollIntervalSeconds)));
        return new AppConfigSettings(poll, minimum, deploymentMinute, Duration.ofHours(24));
    }

    /** Reads the two properties from {@code properties} (e.g. {@code System::getProperty}); absent means AWS's value. */
    public static AppConfigSettings from(UnaryOperator<String> properties) {
        int poll = parse(properties, DEFAULT_POLL_INTERVAL_PROPERTY, 60);
        int minuteMillis = parse(properties, DEPLOYMENT_MINUTE_PROPERTY, 60_000);
        return of(poll, Duration.ofMillis(minuteMillis));
    }

    private static int parse(UnaryOperator<String> properties, String name, int fallback) {
        String raw = properties.apply(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, but was '" + raw + "'", e);
        }
    }
}
