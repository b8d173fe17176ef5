package dev.cutover.sandbox.internal.edge;

/**
 * An error a stand-in answers with. The edge renders it in the caller's protocol
 * ({@link Protocol}), e.g. {@code new AwsException(400, "ParameterNotFound", "...")}.
 *
 * <p>{@code code} is the bare error code ("AccessDeniedException", "AccessDenied",
 * "ParameterNotFound"), exactly as the SDK's error unmarshaller expects it for that service.
 */
public class AwsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    /** Query protocol only: "Sender" or "Receiver". */
    private final String faultType;

    public AwsException(int status, String code, String message) {
        this(status, code, message, status >= 500 ? "Receiver" : "Sender");
    }

    public AwsException(int status, String code, String message, String faultType) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.faultType = faultType;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String faultType() {
        return faultType;
    }

    public static AwsException validation(String code, String message) {
        return new AwsException(400, code, message);
    }
}
