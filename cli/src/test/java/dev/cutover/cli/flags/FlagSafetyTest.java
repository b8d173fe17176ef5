package dev.cutover.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.ConfigException;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagSafetyTest {
    private final CutoverConfig config = CutoverConfig.example();
    private final RoutingFlags legacy = RoutingFlags.allLegacy(config);

    @Test
    void check_readsToNewBeforeVerify_refused_afterVerify_allowed() {
        RoutingFlags canary = legacy.with("getItem", new OperationFlag(Side.LEGACY, 10, false, false));

        assertThat(FlagSafety.check(config, legacy, canary, Set.of())).singleElement().asString()
                .contains("getItem", "'items' has been verified");
        assertThat(FlagSafety.check(config, legacy, canary, Set.of("items"))).isEmpty();
    }

    @Test
    void check_canaryGoingBackwards_refused() {
        RoutingFlags fifty = legacy.with("getItem", new OperationFlag(Side.LEGACY, 50, false, false));
        RoutingFlags ten = legacy.with("getItem", new OperationFlag(Side.LEGACY, 10, false, false));

        assertThat(FlagSafety.check(config, fifty, ten, Set.of("items"))).singleElement().asString().contains("go back");
    }

    @Test
    void check_writesOnlyToNewWhileReadsOnLegacy_refused() {
        RoutingFlags writesNew = legacy.with("createOrder", new OperationFlag(Side.NEW, 100, false, false));
        RoutingFlags dual = legacy.with("createOrder", new OperationFlag(Side.LEGACY, 0, false, true));

        assertThat(FlagSafety.check(config, legacy, writesNew, Set.of("items", "settings"))).singleElement().asString()
                .contains("createOrder", "writes would go only to new");
        assertThat(FlagSafety.check(config, legacy, dual, Set.of())).isEmpty();
    }

    @Test
    void check_killSwitch_isAlwaysAllowed_evenThoughItMovesKeysBack() {
        RoutingFlags allNew = legacy;
        for (String op : List.of("getItem", "listOwnerItems", "getSetting")) {
            allNew = allNew.with(op, new OperationFlag(Side.NEW, 100, false, false));
        }
        RoutingFlags backToLegacy = RoutingFlags.allLegacy(config);

        assertThat(FlagSafety.check(config, allNew, backToLegacy, Set.of())).hasSize(3).allMatch(p -> p.contains("go back"));
        assertThat(FlagSafety.check(config, allNew, allNew.withKillSwitch(true), Set.of())).isEmpty();
    }

    @Test
    void phase_shadowOnWrite_andDualWriteOnRead_areRefused() {
        assertThatThrownBy(() -> Phase.SHADOW.apply(config.operation("createOrder").orElseThrow(), OperationFlag.LEGACY, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dual-write");
        assertThatThrownBy(() -> Phase.CANARY.apply(config.operation("getItem").orElseThrow(), OperationFlag.LEGACY, 120.0))
                .hasMessageContaining("between 0");
        assertThat(Phase.CANARY.apply(config.operation("getItem").orElseThrow(), OperationFlag.LEGACY, 10.0).newPercent())
                .isEqualTo(10.0);
    }
}
