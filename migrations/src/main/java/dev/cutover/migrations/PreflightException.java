package dev.cutover.migrations;

/**
 * A check made before the first write failed (a table is missing, key schemas differ, a permission
 * is missing, the checkpoint belongs to another job or is corrupt): nothing was written.
 */
public class PreflightException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public PreflightException(String message) {
        super(message);
    }

    public PreflightException(String message, Throwable cause) {
        super(message, cause);
    }
}
