package dev.cutover.cli.flags;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The moves a flag change must not make without {@code --force}: reading from new data that has not
 * been verified, sending writes only to new while reads still hit legacy (those reads would miss the
 * writes), and a canary that goes backwards (keys that moved to new would move back; a rollback is a
 * deliberate, forced act).
 */
public final class FlagSafety {

    private FlagSafety() {
    }

    /**
     * Returns one sentence per unsafe move from {@code live} to {@code proposed}; empty when safe.
     *
     * @param verified logical names of tables and parameter trees whose copy has been verified equal
     */
    public static List<String> check(CutoverConfig config, RoutingFlags live, RoutingFlags proposed, Set<String> verified) {
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
            if (op.isRead() && data != null && after.newPercent() > 0 && before.newPercent() == 0 && !verified.contains(data)) {
                problems.add(op.name() + ": reads would hit new before '" + data + "' has been verified equal."
                        + " Run the copy and its verify first (./cutover verify dynamodb / migrate ssm --plan).");
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

    /** The logical table or parameter tree a read operation serves from, or null for writes. */
    static String dataOf(Operation op) {
        return op.isRead() ? op.action().logicalResource() : null;
    }
}
