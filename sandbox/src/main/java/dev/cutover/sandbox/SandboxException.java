package dev.cutover.sandbox;

/**
 * The sandbox's one unchecked exception: bad configuration (an unreadable IAM file, a policy that
 * does not parse, an unresolvable CloudFormation value) or a failure to start. The message names
 * what was wrong and how to fix it; it never contains a secret key or session token.
 */
public class SandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
