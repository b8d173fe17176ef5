package dev.cutover.cdk;

/** The cdk module's one unchecked exception: bad context, a missing router jar, a config the stacks cannot express. */
public class CdkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CdkException(String message) {
        super(message);
    }

    public CdkException(String message, Throwable cause) {
        super(message, cause);
    }
}
