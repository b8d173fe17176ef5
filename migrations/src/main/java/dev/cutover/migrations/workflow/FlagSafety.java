package dev.cutover.migrations.workflow;

import dev.cutover.config.action.Action;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The moves a flag change must not make without {@code --force}: reading from new data that has not
 * been verified, moving reads of a table to new while that table is stale there (not replicated with
 * lag under the threshold, and writes still going only to legacy), sending writes only to new while
 * reads still hit legacy (those reads would miss the writes), and a canary that goes backwards (keys
 * that moved to new would move back; a rollback is a deliberate, forced act). The CLI's {@code flags set}
 * and the demo both judge through here.
 */
public final class FlagSafety {

    private FlagSafety() {
    }

    /**
     * Returns one sentence per unsafe move from {@code live} to {@code proposed}; empty when safe.
     *
     * @param evidence what is known about the data: verifications and replication lag per table
     */
    public static List<String> check(CutoverConfig config, RoutingFlags live, RoutingFlags proposed, DataEvidence evidence) {
        List<String> problems = new ArrayList<>();
        if (proposed.killSwitch()) {
            return problems; // the emergency brake is never refused: everything goes back to legacy at once
        }
        for (Operation op : config.operations()) {
            OperationFlag before = live.flag(op.name());
            OperationFlag after = proposed.flag(op.name());
            if (after.newPercent() < before.newPercent()) {
                problems.add(op.name() + ": the share served by new would go back from " + before.describe() + " to " + after.describe()
                        + "; keys already on new would return to legacy. Use --force for a deliberate rollback.");
            }
            String data = dataOf(op);
            if (op.isRead() && data != null && after.newPercent() > 0 && before.newPercent() == 0 && !evidence.verified().contains(data)) {
                problems.add(op.name() + ": reads would hit new before '" + data + "' has been verified equal."
                        + " Run the copy and its verify first (./cutover verify dynamodb / migrate ssm --plan).");
            }
            if (op.isRead() && isTable(op) && after.newPercent() > before.newPercent()) {
                stale(config, op, data, proposed, evidence).ifPresent(problems::add);
            }
            if (!op.isRead() && after.target() == Side.NEW && !after.dualWrite()) {
                for (Operation read : config.operations()) {
                    if (read.isRead() && proposed.flag(read.name()).newPercent() < 100) {
                        problems.add(op.name() + ": writes would go only to new while " + read.name() + " still reads from legacy ("
                                + proposed.flag(read.name()).describe() + "). Move reads to new first, or keep dual write on.");
                        break;
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Why reads of {@code table} must not move to new yet, if they must not: new is only as fresh as replication keeps it,
     * unless the writes already reach new. Writes travel through queues whose consumers the operation map does not
     * describe, so every write operation counts as a writer of every table.
     */
    private static Optional<String> stale(CutoverConfig config, Operation read, String table, RoutingFlags proposed,
            DataEvidence evidence) {
        List<String> writesOnlyToLegacy = config.operations().stream().filter(w -> !w.isRead())
                .filter(w -> !reachesNew(proposed.flag(w.name()))).map(Operation::name).toList();
        if (writesOnlyToLegacy.isEmpty()) {
            return Optional.empty();
        }
        Duration max = evidence.maxReplicationLag();
        Optional<Duration> lag = evidence.replicationLag(table);
        String moveWrites = " or move the writes first (./cutover flags set " + writesOnlyToLegacy.get(0) + " dual-write).";
        if (lag.isEmpty()) {
            return Optional.of(read.name() + ": reads would hit new while table '" + table + "' is not replicated: writes "
                    + writesOnlyToLegacy + " still land only in legacy, so new serves stale data and misses deletes. Start replication"
                    + " (./cutover migrate dynamodb --table " + table + " --replicate, then ./cutover replicate dynamodb --table " + table
                    + " --follow) and wait until ./cutover replicate status --table " + table + " shows caughtUp," + moveWrites);
        }
        if (lag.get().compareTo(max) > 0) {
            return Optional.of(read.name() + ": reads would hit new while replication of table '" + table + "' lags "
                    + seconds(lag.get()) + " behind legacy (checkpoint lag plus its age), more than the allowed " + seconds(max)
                    + " (--max-replication-lag). Check that ./cutover replicate dynamodb --table " + table + " --follow is running"
                    + " and ./cutover replicate status --table " + table + " shows caughtUp," + moveWrites);
        }
        return Optional.empty();
    }

    private static boolean reachesNew(OperationFlag flag) {
        return flag.target() == Side.NEW || flag.dualWrite();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static boolean isTable(Operation op) {
        return op.action().service() == Action.Service.DYNAMODB;
    }

    /** The logical table or parameter tree a read operation serves from, or null for writes. */
    public static String dataOf(Operation op) {
        return op.isRead() ? op.action().logicalResource() : null;
    }
}
