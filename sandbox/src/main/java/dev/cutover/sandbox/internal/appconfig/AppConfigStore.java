package dev.cutover.sandbox.internal.appconfig;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state both AppConfig stand-ins share: one {@link AppConfigAccount} per account (an account
 * only ever sees its own resources) and the AppConfigData sessions.
 */
final class AppConfigStore {

    private final Clock clock;
    private final AppConfigSettings settings;
    private final Map<String, AppConfigAccount> accounts = new ConcurrentHashMap<>();
    private final ConfigurationSessions sessions;

    AppConfigStore(Clock clock, AppConfigSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.sessions = new ConfigurationSessions(clock, settings.tokenLifetime());
    }

    AppConfigAccount account(String accountId) {
        return accounts.computeIfAbsent(accountId, id -> new AppConfigAccount(id, clock, settings.deploymentMinute()));
    }

    ConfigurationSessions sessions() {
        return sessions;
    }

    AppConfigSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }
}
