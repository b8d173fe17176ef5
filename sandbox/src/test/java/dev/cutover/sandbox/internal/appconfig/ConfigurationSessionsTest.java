package dev.cutover.sandbox.internal.appconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConfigurationSessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConfigurationSessions sessions = new ConfigurationSessions(clock, Duration.ofHours(24));
    private final ConfigurationSessions.Session session =
            new ConfigurationSessions.Session("111111111111", "app", "env", "prof", Duration.ofSeconds(30));

    private static String problem(Throwable e) {
        return ((AppConfigError) e).members().path("Details").path("InvalidParameters").path("configuration_token")
                .path("Problem").asText();
    }

    @Test
    void check_whenTokenOlderThan24Hours_isExpired() {
        String token = sessions.start(session);
        clock.advance(Duration.ofHours(24));

        assertThatThrownBy(() -> sessions.check(token, "111111111111"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("Expired")).hasMessageContaining("expired");
    }

    @Test
    void check_whenTokenOfAnotherAccount_isCorrupted() {
        String token = sessions.start(session);

        assertThatThrownBy(() -> sessions.check(token, "222222222222")).satisfies(e -> assertThat(problem(e)).isEqualTo("Corrupted"));
    }

    @Test
    void next_isUsableOnlyAfterThePollInterval() {
        ConfigurationSessions.Checked first = sessions.check(sessions.start(session), "111111111111");
        sessions.consume(first);
        String next = sessions.next(session, 3);

        assertThatThrownBy(() -> sessions.check(next, "111111111111"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("PollIntervalNotSatisfied"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(sessions.check(next, "111111111111").lastVersionSeen()).isEqualTo(3);
    }

    @Test
    void consume_twice_isRefusedAsAlreadyUsed() {
        String token = sessions.start(session);
        sessions.consume(sessions.check(token, "111111111111"));

        assertThatThrownBy(() -> sessions.check(token, "111111111111")).hasMessageContaining("already used");
    }
}
