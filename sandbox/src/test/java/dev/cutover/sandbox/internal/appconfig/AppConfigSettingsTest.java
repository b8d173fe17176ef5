package dev.cutover.sandbox.internal.appconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigSettingsTest {

    @Test
    void from_whenNothingSet_usesAwsValues() {
        AppConfigSettings settings = AppConfigSettings.from(name -> null);

        assertThat(settings.defaultPollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.minimumPollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.deploymentMinute()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.tokenLifetime()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void from_whenPollIntervalIs1_allowsSessionsToAskFor1Second() {
        Map<String, String> props = Map.of(AppConfigSettings.DEFAULT_POLL_INTERVAL_PROPERTY, "1",
                AppConfigSettings.DEPLOYMENT_MINUTE_PROPERTY, "250");

        AppConfigSettings settings = AppConfigSettings.from(props::get);

        assertThat(settings.defaultPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.minimumPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.deploymentMinute()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void from_whenValueIsNotANumber_namesThePropertyAndValue() {
        assertThatThrownBy(() -> AppConfigSettings.from(Map.of(AppConfigSettings.DEFAULT_POLL_INTERVAL_PROPERTY, "fast")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AppConfigSettings.DEFAULT_POLL_INTERVAL_PROPERTY).hasMessageContaining("'fast'");
    }

    @Test
    void from_whenPollIntervalIsZero_refusesIt() {
        assertThatThrownBy(() -> AppConfigSettings.from(Map.of(AppConfigSettings.DEFAULT_POLL_INTERVAL_PROPERTY, "0")::get))
                .hasMessageContaining("must be 1..86400 seconds, but was 0");
    }
}
