package dev.cutover.router;

/** The router could not be set up or could not serve a request; the message says what and how to fix it. */
public class RoutingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RoutingException(String message) {
        super(message);
    }

    public RoutingException(String message, Throwable cause) {
        super(message, cause);
    }
}
