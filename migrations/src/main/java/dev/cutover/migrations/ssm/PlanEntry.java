package dev.cutover.migrations.ssm;

import dev.cutover.migrations.ssm.internal.Parameter;
import java.util.List;

/**
 * One line of an SSM plan. Holds the source parameter (with its value, for {@code apply}) but never
 * shows it: {@link #toString()} and the rendered plan carry names, types and what differs only.
 *
 * @param differences what differs in an existing target parameter ("value", "description", "tags"...)
 */
public record PlanEntry(Action action, String sourceName, String targetName, String type, List<String> differences, Parameter desired) {

    /** What apply will do with the parameter. */
    public enum Action {
        CREATE,
        UPDATE,
        UNCHANGED,
        /** Exists with different content and the conflict policy is skip. */
        SKIP,
        /** Exists with different content and the conflict policy is fail. */
        CONFLICT
    }

    public PlanEntry {
        differences = List.copyOf(differences);
    }

    @Override
    public String toString() {
        return "PlanEntry[" + action + " " + targetName + " (" + type + ")" + (differences.isEmpty() ? "" : " " + differences) + "]";
    }
}
