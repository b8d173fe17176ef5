package dev.cutover.config;

import java.time.Duration;

/**
 * The legacy account and how to reach it: the cross-account role, its ExternalId, the session name
 * and duration (at most 1 hour: a Lambda role assuming another role is role chaining), and when the
 * cached credentials are refreshed (prefetch: refresh on the calling thread when this close to
 * expiry; stale: must refresh, blocking, when this close).
 */
public record LegacyAccount(
        String accountId,
        String roleArn,
        String externalId,
        String sessionName,
        Duration sessionDuration,
        Duration prefetchTime,
        Duration staleTime) {

    @Override
    public String toString() {
        // The ExternalId is not a secret, but it is not needed in logs either.
        return "LegacyAccount[accountId=" + accountId + ", roleArn=" + roleArn + ", sessionName=" + sessionName
                + ", sessionDuration=" + sessionDuration + "]";
    }
}
