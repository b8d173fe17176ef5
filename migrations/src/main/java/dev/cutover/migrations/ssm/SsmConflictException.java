package dev.cutover.migrations.ssm;

import dev.cutover.migrations.MigrationException;
import java.util.List;

/** The plan has parameters that exist in the target with other content, and the conflict policy is fail. Nothing was written. */
public class SsmConflictException extends MigrationException {
    private static final long serialVersionUID = 1L;

    private final List<String> names;

    public SsmConflictException(List<String> names) {
        super(names.size() + " parameters exist in the target with different content and --conflict is fail (first: "
                + names.subList(0, Math.min(5, names.size())) + "). Nothing was written. Use --conflict overwrite to replace them"
                + " or --conflict skip to keep the target's.");
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }
}
