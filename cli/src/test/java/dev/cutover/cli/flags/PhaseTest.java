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
}
