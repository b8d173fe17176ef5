package dev.cutover.migrations.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.migrations.replication.ReplicationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagSafetyTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private final CutoverConfig config = CutoverConfig.example();
    private final RoutingFlags legacy = RoutingFlags.allLegacy(config);
    private final RoutingFlags canary = legacy.with("getItem", new OperationFlag(Side.LEGACY, 10, false, false));

    private static ReplicationStatus status(long lagMillis, Instant updatedAt) {
        return new ReplicationStatus("legacy-shop-items->shop-items", "arn:stream", NOW.minusSeconds(600), 10, "1", "shard-1", 1,
                updatedAt, lagMillis, lagMillis == 0, updatedAt);
    }

    private static DataEvidence replicated(ReplicationStatus status) {
        return new DataEvidence(Set.of("items", "settings"), Map.of("items", status), Duration.ofSeconds(5), NOW);
    }

    private static RoutingFlags writesToBoth(RoutingFlags flags) {
        return flags.with("createOrder", new OperationFlag(Side.LEGACY, 0, false, true))
                .with("updateItem", new OperationFlag(Side.LEGACY, 0, false, true));
    }

    @Test
    void check_readsToNewBeforeVerify_refused() {
        RoutingFlags both = writesToBoth(legacy);

        assertThat(FlagSafety.check(config, both, writesToBoth(canary), DataEvidence.verifiedOnly(Set.of()))).singleElement()
                .asString().contains("getItem", "'items' has been verified");
        assertThat(FlagSafety.check(config, both, writesToBoth(canary), DataEvidence.verifiedOnly(Set.of("items")))).isEmpty();
    }

    @Test
    void check_readsToNewWithoutReplicationWhileWritesOnlyLegacy_refusedNamingWhatToDo() {
        List<String> problems = FlagSafety.check(config, legacy, canary, DataEvidence.verifiedOnly(Set.of("items")));

        assertThat(problems).singleElement().asString().contains("getItem", "'items' is not replicated", "createOrder",
                "replicate dynamodb --table items --follow", "replicate status --table items", "flags set createOrder dual-write");
    }

    @Test
    void check_readsToNewWithReplicationCaughtUp_allowed() {
        assertThat(FlagSafety.check(config, legacy, canary, replicated(status(0, NOW.minusSeconds(1))))).isEmpty();
    }

    @Test
    void check_replicationLagOverThreshold_refused() {
        assertThat(FlagSafety.check(config, legacy, canary, replicated(status(7_000, NOW.minusSeconds(1))))).singleElement()
                .asString().contains("lags 8.0 s", "allowed 5.0 s", "--max-replication-lag");
    }

    @Test
    void check_replicatorCaughtUpButStoppedLongAgo_countsCheckpointAgeAsLag() {
        assertThat(FlagSafety.check(config, legacy, canary, replicated(status(0, NOW.minusSeconds(60))))).singleElement()
                .asString().contains("lags 60.0 s");
    }

    @Test
    void check_raisingCanaryWhileReplicationLags_refused() {
        RoutingFlags fifty = legacy.with("getItem", new OperationFlag(Side.LEGACY, 50, false, false));

        assertThat(FlagSafety.check(config, canary, fifty, replicated(status(30_000, NOW)))).singleElement().asString()
                .contains("lags 30.0 s");
    }

    @Test
    void check_readsToNewWithoutReplicationWhenEveryWriteReachesNew_allowed() {
        RoutingFlags both = writesToBoth(legacy);

        assertThat(FlagSafety.check(config, both, writesToBoth(canary), DataEvidence.verifiedOnly(Set.of("items")))).isEmpty();
    }

    @Test
    void check_oneWriteStillOnlyLegacy_refusedNamingIt() {
        RoutingFlags oneBoth = legacy.with("createOrder", new OperationFlag(Side.LEGACY, 0, false, true));
        RoutingFlags proposed = oneBoth.with("getItem", new OperationFlag(Side.LEGACY, 10, false, false));

        assertThat(FlagSafety.check(config, oneBoth, proposed, DataEvidence.verifiedOnly(Set.of("items")))).singleElement()
                .asString().contains("[updateItem]", "flags set updateItem dual-write");
    }

    @Test
    void check_parameterReads_needOnlyVerification() {
        RoutingFlags setting = legacy.with("getSetting", new OperationFlag(Side.NEW, 100, false, false));

        assertThat(FlagSafety.check(config, legacy, setting, DataEvidence.verifiedOnly(Set.of("settings")))).isEmpty();
    }

    @Test
    void check_canaryGoingBackwards_refused() {
        RoutingFlags fifty = legacy.with("getItem", new OperationFlag(Side.LEGACY, 50, false, false));

        assertThat(FlagSafety.check(config, fifty, canary, replicated(status(0, NOW)))).singleElement().asString().contains("go back");
    }

    @Test
    void check_writesOnlyToNewWhileReadsOnLegacy_refused() {
        RoutingFlags writesNew = legacy.with("createOrder", new OperationFlag(Side.NEW, 100, false, false));
        RoutingFlags dual = legacy.with("createOrder", new OperationFlag(Side.LEGACY, 0, false, true));

        assertThat(FlagSafety.check(config, legacy, writesNew, DataEvidence.verifiedOnly(Set.of("items", "settings"))))
                .singleElement().asString().contains("createOrder", "writes would go only to new");
        assertThat(FlagSafety.check(config, legacy, dual, DataEvidence.verifiedOnly(Set.of()))).isEmpty();
    }

    @Test
    void check_killSwitch_isAlwaysAllowed_evenThoughItMovesKeysBack() {
        RoutingFlags allNew = legacy;
        for (String op : List.of("getItem", "listOwnerItems", "getSetting")) {
            allNew = allNew.with(op, new OperationFlag(Side.NEW, 100, false, false));
        }
        DataEvidence none = DataEvidence.verifiedOnly(Set.of());

        assertThat(FlagSafety.check(config, allNew, RoutingFlags.allLegacy(config), none)).hasSize(3).allMatch(p -> p.contains("go back"));
        assertThat(FlagSafety.check(config, allNew, allNew.withKillSwitch(true), none)).isEmpty();
    }
}
