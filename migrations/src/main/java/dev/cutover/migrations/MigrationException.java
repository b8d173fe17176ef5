package dev.cutover.migrations;

/**
 * Base of every error the migration jobs raise. The message says what went wrong and how to fix it,
 * and never carries a SecureString value, a secret key or a session token.
 */
public class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
