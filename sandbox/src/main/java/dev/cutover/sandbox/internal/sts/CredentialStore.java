package dev.cutover.sandbox.internal.sts;

import dev.cutover.sandbox.internal.edge.AccessKeys;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.iam.PolicyDocument;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Temporary credentials issued by STS, by access key id. Thread-safe. */
public final class CredentialStore implements AccessKeys {

    /** One role session's credentials. Never log this: it holds the secret and the token. */
    public record Session(String accessKeyId, String secretKey, String sessionToken, Caller caller, String roleId,
            Optional<PolicyDocument> sessionPolicy) {

        @Override
        public String toString() {
            return "Session[accessKeyId=" + accessKeyId + ", arn=" + caller.arn() + ", expiration=" + caller.expiration().orElseThrow()
                    + "]";
        }
    }

    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** Expired sessions are forgotten this long after expiring (so an old key still answers ExpiredToken for a while). */
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final int SWEEP_EVERY = 256;

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private int issuedSinceSweep;

    public CredentialStore(Clock clock) {
        this.clock = clock;
    }

    public Session issue(String accountId, String roleArn, String roleName, String roleId, String sessionName, Instant expiration,
            Optional<PolicyDocument> sessionPolicy) {
        sweepNow();
        String accessKeyId = "ASIA" + randomKeyChars(16);
        byte[] secret = new byte[30];
        byte[] token = new byte[96];
        synchronized (random) {
            random.nextBytes(secret);
            random.nextBytes(token);
        }
        Caller caller = new Caller(accountId, "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName, accessKeyId,
                Optional.of(roleArn), Optional.of(sessionName), Optional.of(expiration));
        Session session = new Session(accessKeyId, Base64.getEncoder().encodeToString(secret),
                "sandbox/" + Base64.getEncoder().encodeToString(token), caller, roleId, sessionPolicy);
        sessions.put(accessKeyId, session);
        return session;
    }

    public Optional<Session> session(String accessKeyId) {
        return Optional.ofNullable(sessions.get(accessKeyId));
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        Session session = sessions.get(accessKeyId);
        return session == null ? Optional.empty()
                : Optional.of(new AccessKey(session.caller(), session.secretKey(), session.sessionToken()));
    }

    /** Expires every session now; returns how many were still valid. */
    public int expireAll() {
        Instant now = clock.instant();
        int[] expired = {0};
        sessions.replaceAll((key, session) -> {
            Instant expiration = session.caller().expiration().orElseThrow();
            if (!expiration.isAfter(now)) {
                return session;
            }
            expired[0]++;
            Caller caller = session.caller();
            return new Session(session.accessKeyId(), session.secretKey(), session.sessionToken(),
                    new Caller(caller.accountId(), caller.arn(), caller.accessKeyId(), caller.roleArn(), caller.sessionName(),
                            Optional.of(now)), session.roleId(), session.sessionPolicy());
        });
        return expired[0];
    }

    private void sweepNow() {
        synchronized (this) {
            if (++issuedSinceSweep < SWEEP_EVERY) {
                return;
            }
            issuedSinceSweep = 0;
        }
        Instant forgetBefore = clock.instant().minus(RETENTION);
        sessions.values().removeIf(session -> session.caller().expiration().orElseThrow().isBefore(forgetBefore));
    }

    private String randomKeyChars(int count) {
        StringBuilder out = new StringBuilder(count);
        synchronized (random) {
            for (int i = 0; i < count; i++) {
                out.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
            }
        }
        return out.toString();
    }
}
