package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import org.junit.jupiter.api.Test;

class RoutingFlagsTest {
    private final CutoverConfig config = CutoverConfig.example();

    @Test
    void hostedDocument_roundTrips_andHasAFlagPerOperationPlusKillSwitch() {
        RoutingFlags flags = RoutingFlags.allLegacy(config).with("getItem", new OperationFlag(Side.LEGACY, 12.5, true, false));

        String doc = flags.toHostedDocument(config);

        assertThat(doc).contains("\"killSwitch\"", "\"canaryPercent\" : 12.5", "\"enum\" : [ \"legacy\", \"new\" ]");
        RoutingFlags back = RoutingFlags.fromHostedDocument(doc, config);
        assertThat(back).isEqualTo(flags);
        assertThat(back.operations()).containsOnlyKeys(config.operations().stream().map(Operation::name).toList());
    }

    @Test
    void shadowPercent_roundTripsThroughTheHostedDocument_andDefaultsTo100() {
        RoutingFlags flags = RoutingFlags.allLegacy(config).with("getItem", new OperationFlag(Side.LEGACY, 0, true, false)
                .withShadowPercent(10));

        String doc = flags.toHostedDocument(config);

        assertThat(doc).contains("\"shadowPercent\" : 10");
        assertThat(RoutingFlags.fromHostedDocument(doc, config).flag("getItem").shadowPercent()).isEqualTo(10);
        String evaluated = "{\"getItem\": {\"enabled\": true, \"target\": \"legacy\", \"shadow\": true}}";
        assertThat(RoutingFlags.fromEvaluated(evaluated, config).flag("getItem").shadowPercent()).isEqualTo(100);
    }

    @Test
    void shadowPercent_outOfRangeOrNotANumber_isRefusedWithTheFlagName() {
        String over = "{\"getItem\": {\"enabled\": true, \"target\": \"legacy\", \"shadow\": true, \"shadowPercent\": 101}}";
        String text = "{\"getItem\": {\"enabled\": true, \"target\": \"legacy\", \"shadow\": true, \"shadowPercent\": \"all\"}}";

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoutingFlags.fromEvaluated(over, config))
                .hasMessageContaining("flag 'getItem'").hasMessageContaining("shadowPercent must be between 0 and 100");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoutingFlags.fromEvaluated(text, config))
                .hasMessageContaining("flag 'getItem' attribute 'shadowPercent' must be a number");
    }

    @Test
    void shadowSamples_followsThePercentOverBuckets() {
        OperationFlag tenPercent = new OperationFlag(Side.LEGACY, 0, true, false).withShadowPercent(10);

        assertThat(tenPercent.shadowSamples(999)).isTrue();
        assertThat(tenPercent.shadowSamples(1000)).isFalse();
        assertThat(new OperationFlag(Side.LEGACY, 0, false, false).shadowSamples(0)).isFalse();
        assertThat(new OperationFlag(Side.LEGACY, 0, true, false).shadowSamples(OperationFlag.BUCKETS - 1)).isTrue();
    }

    @Test
    void fromEvaluated_disabledOrMissingFlag_meansLegacy_andKillSwitchOverrides() {
        String evaluated = """
                {"getItem": {"enabled": true, "target": "new", "canaryPercent": 0, "shadow": false, "dualWrite": false},
                 "createOrder": {"enabled": false},
                 "killSwitch": {"enabled": false}}""";

        RoutingFlags flags = RoutingFlags.fromEvaluated(evaluated, config);

        assertThat(flags.flag("getItem").target()).isEqualTo(Side.NEW);
        assertThat(flags.flag("createOrder")).isEqualTo(OperationFlag.LEGACY);
        assertThat(flags.flag("getSetting")).isEqualTo(OperationFlag.LEGACY);
        assertThat(flags.withKillSwitch(true).flag("getItem")).isEqualTo(OperationFlag.LEGACY);
    }

    @Test
    void fromEvaluated_invalidValues_areRefusedWithTheFlagName() {
        String evaluated = "{\"getItem\": {\"enabled\": true, \"target\": \"blue\"}}";

        assertThatThrownBy(() -> RoutingFlags.fromEvaluated(evaluated, config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("flag 'getItem'").hasMessageContaining("'blue'");
        assertThatThrownBy(() -> RoutingFlags.fromEvaluated("{\"getItem\": {\"enabled\": true, \"target\": \"new\","
                + " \"canaryPercent\": 140}}", config)).hasMessageContaining("between 0 and 100");
        assertThatThrownBy(() -> RoutingFlags.fromEvaluated("[1]", config)).hasMessageContaining("JSON object");
    }

    @Test
    void sideFor_canaryPercentSplitsBuckets() {
        OperationFlag canary = new OperationFlag(Side.LEGACY, 10, false, false);

        assertThat(canary.sideFor(0)).isEqualTo(Side.NEW);
        assertThat(canary.sideFor(999)).isEqualTo(Side.NEW);
        assertThat(canary.sideFor(1000)).isEqualTo(Side.LEGACY);
        assertThat(new OperationFlag(Side.NEW, 0, false, false).sideFor(9999)).isEqualTo(Side.NEW);
        assertThat(canary.describe()).isEqualTo("canary 10%");
    }
}
