package dev.cutover.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.ConfigException;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.flags.OperationFlag;
import org.junit.jupiter.api.Test;

class PhaseTest {
    private final CutoverConfig config = CutoverConfig.example();

    @Test
    void apply_shadowOnWrite_andDualWriteOnRead_areRefused() {
        assertThatThrownBy(() -> Phase.SHADOW.apply(config.operation("createOrder").orElseThrow(), OperationFlag.LEGACY, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dual-write");
        assertThatThrownBy(() -> Phase.CANARY.apply(config.operation("getItem").orElseThrow(), OperationFlag.LEGACY, 120.0))
                .hasMessageContaining("between 0");
        assertThat(Phase.CANARY.apply(config.operation("getItem").orElseThrow(), OperationFlag.LEGACY, 10.0).newPercent())
                .isEqualTo(10.0);
    }

    @Test
    void apply_shadowWithPercent_setsSampling_andCanaryKeepsIt() {
        var getItem = config.operation("getItem").orElseThrow();

        OperationFlag shadow = Phase.SHADOW.apply(getItem, OperationFlag.LEGACY, 10.0);
        OperationFlag canary = Phase.CANARY.apply(getItem, shadow, 5.0);

        assertThat(shadow.shadowPercent()).isEqualTo(10.0);
        assertThat(canary.shadow()).isTrue();
        assertThat(canary.shadowPercent()).isEqualTo(10.0);
        assertThat(Phase.SHADOW.apply(getItem, OperationFlag.LEGACY, null).shadowPercent()).isEqualTo(100.0);
        assertThatThrownBy(() -> Phase.SHADOW.apply(getItem, OperationFlag.LEGACY, 0.0)).hasMessageContaining("'shadow 10'");
        assertThatThrownBy(() -> Phase.NEW.apply(getItem, OperationFlag.LEGACY, 10.0))
                .hasMessageContaining("only 'canary' and 'shadow' take a percent");
    }
}
