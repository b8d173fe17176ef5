package dev.cutover.migrations;

/**
 * A job stopped part-way through after an error it could not absorb (for example a scan that kept
 * failing after the SDK's retries). Progress up to the last checkpoint is kept: running the same
 * command again resumes from there.
 */
public class JobAbortedException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public JobAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
