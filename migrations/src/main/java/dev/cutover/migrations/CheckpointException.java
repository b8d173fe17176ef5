package dev.cutover.migrations;

/**
 * The checkpoint cannot be used: unreadable, corrupt, or written by a different job. Raised before
 * anything is written; the message names the file (or table) and what to do.
 */
public class CheckpointException extends PreflightException {
    private static final long serialVersionUID = 1L;

    private final String location;

    public CheckpointException(String location, String message) {
        super("checkpoint " + location + ": " + message);
        this.location = location;
    }

    public CheckpointException(String location, String message, Throwable cause) {
        super("checkpoint " + location + ": " + message, cause);
        this.location = location;
    }

    /** The checkpoint file path or "dynamodb://table/job". */
    public String location() {
        return location;
    }
}
