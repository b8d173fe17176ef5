package dev.cutover.sandbox.internal.appconfig;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AppConfigData sessions and their configuration tokens. A token is valid for one successful
 * GetLatestConfiguration call, not before the session's poll interval has passed since it was
 * issued (the initial token: at once), and for {@link AppConfigSettings#tokenLifetime()} at most.
 */
final class ConfigurationSessions {

    /** What a session tracks: which configuration, and which version its client last received. */
    record Session(String accountId, String applicationId, String environmentId, String configurationProfileId,
            Duration pollInterval) {

        Session {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(pollInterval, "pollInterval");
        }
    }

    private record Token(Session session, int lastVersionSeen, Instant notBefore, Instant expiresAt, boolean used) {

        Token asUsed() {
            return new Token(session, lastVersionSeen, notBefore, expiresAt, true);
        }
    }

    /** A token that passed every check, with the version its session last received (0: none yet). */
    record Checked(String token, Session session, int lastVersionSeen, Token state) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Expired tokens are dropped once this many are held (used ones are kept until expiry to recognise reuse). */
    private static final int PRUNE_ABOVE = 100_000;

    private final Clock clock;
    private final Duration tokenLifetime;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    ConfigurationSessions(Clock clock, Duration tokenLifetime) {
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
    }

    /** Opens a session; returns its initial token, usable at once. */
    String start(Session session) {
        Instant now = clock.instant();
        return issue(new Token(session, 0, now, now.plus(tokenLifetime), false));
    }

    /**
     * Checks {@code token} for {@code accountId} without using it up: unknown or another account's
     * token (Corrupted), already used or past its lifetime (Expired), polled before the interval
     * (PollIntervalNotSatisfied).
     */
    Checked check(String token, String accountId) {
        Token state = token == null ? null : tokens.get(token);
        Instant now = clock.instant();
        if (state == null || !state.session().accountId().equals(accountId)) {
            throw AppConfigError.invalidToken("Corrupted", "The configuration token is not valid; start a session with "
                    + "StartConfigurationSession and use its InitialConfigurationToken, then each NextPollConfigurationToken");
        }
        if (state.used()) {
            throw usedToken();
        }
        if (!now.isBefore(state.expiresAt())) {
            throw AppConfigError.invalidToken("Expired", "The configuration token has expired (tokens are valid for "
                    + tokenLifetime.toHours() + " hours); start a new session with StartConfigurationSession");
        }
        if (now.isBefore(state.notBefore())) {
            throw AppConfigError.invalidToken("PollIntervalNotSatisfied", "The configuration token was used before the poll "
                    + "interval of " + state.session().pollInterval().toSeconds() + " seconds passed; wait "
                    + "NextPollIntervalInSeconds after the previous call before polling again");
        }
        return new Checked(token, state.session(), state.lastVersionSeen(), state);
    }

    /** Uses up a checked token; a concurrent use of the same token loses with Expired. */
    void consume(Checked checked) {
        Token state = checked.state();
        if (!tokens.replace(checked.token(), state, state.asUsed())) {
            throw usedToken();
        }
    }

    /** Issues the token for the session's next poll, after its client received {@code versionSeen}. */
    String next(Session session, int versionSeen) {
        Instant now = clock.instant();
        return issue(new Token(session, versionSeen, now.plus(session.pollInterval()), now.plus(tokenLifetime), false));
    }

    private static AppConfigError usedToken() {
        return AppConfigError.invalidToken("Expired", "The configuration token was already used; each token is valid for one "
                + "GetLatestConfiguration call, so pass the NextPollConfigurationToken of the previous response");
    }

    private String issue(Token token) {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(value, token);
        if (tokens.size() > PRUNE_ABOVE) {
            Instant now = clock.instant();
            tokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
        }
        return value;
    }
}
