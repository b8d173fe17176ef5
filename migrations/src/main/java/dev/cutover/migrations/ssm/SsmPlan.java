package dev.cutover.migrations.ssm;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result of comparing a source tree with its target: one entry per source parameter, sorted by name. */
public record SsmPlan(String sourcePath, String targetPath, List<PlanEntry> entries, int extraInTarget) {
    public SsmPlan {
        entries = List.copyOf(entries);
    }

    public long count(PlanEntry.Action action) {
        return entries.stream().filter(e -> e.action() == action).count();
    }

    public boolean hasConflicts() {
        return count(PlanEntry.Action.CONFLICT) > 0;
    }

    /** True when apply would change nothing. */
    public boolean isUpToDate() {
        return entries.stream().allMatch(e -> e.action() == PlanEntry.Action.UNCHANGED || e.action() == PlanEntry.Action.SKIP);
    }

    public Map<PlanEntry.Action, Long> counts() {
        Map<PlanEntry.Action, Long> counts = new EnumMap<>(PlanEntry.Action.class);
        for (PlanEntry.Action a : PlanEntry.Action.values()) {
            counts.put(a, count(a));
        }
        return counts;
    }

    /** A table for people: action, type, target name, what differs. Values never appear, only whether they differ. */
    public String render() {
        StringBuilder out = new StringBuilder();
        int width = Math.max(11, entries.stream().mapToInt(e -> e.targetName().length()).max().orElse(0));
        out.append(String.format(Locale.ROOT, "%-9s  %-12s  %-" + width + "s  %s%n", "ACTION", "TYPE", "TARGET NAME", "DETAIL"));
        for (PlanEntry e : entries) {
            String detail = switch (e.action()) {
                case CREATE -> "from " + e.sourceName();
                case UNCHANGED -> "";
                default -> String.join(", ", e.differences()) + " differ";
            };
            out.append(String.format(Locale.ROOT, "%-9s  %-12s  %-" + width + "s  %s%n", e.action().name().toLowerCase(Locale.ROOT),
                    e.type(), e.targetName(), detail));
        }
        out.append(String.format(Locale.ROOT, "%d to create, %d to update, %d unchanged, %d skipped, %d conflicts",
                count(PlanEntry.Action.CREATE),
                count(PlanEntry.Action.UPDATE), count(PlanEntry.Action.UNCHANGED), count(PlanEntry.Action.SKIP),
                count(PlanEntry.Action.CONFLICT)));
        if (extraInTarget > 0) {
            out.append(String.format(Locale.ROOT, "; %d parameters under %s exist only in the target (left alone)", extraInTarget,
                    targetPath));
        }
        return out.append(System.lineSeparator()).toString();
    }
}
