package dev.cutover.router.internal.backend;

import dev.cutover.router.internal.http.HttpFailure;
import java.util.Map;

/**
 * A backend call that failed after the SDK's retries, mapped to what the caller sees (429, 502, 504)
 * and, for the log only, what happened ({@code detail}: error code, the missing permission).
 */
public final class BackendFailure extends HttpFailure {
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final String missingPermission;

    BackendFailure(int status, String outcome, String message, Map<String, String> headers, String detail,
            String missingPermission, Throwable cause) {
        super(status, outcome, message, headers, cause);
        this.detail = detail;
        this.missingPermission = missingPermission;
    }

    /** For the log: the error code and message of the backend, never credentials. */
    public String detail() {
        return detail;
    }

    /** For the log: "action on resource" when the backend denied the call, else null. */
    public String missingPermission() {
        return missingPermission;
    }
}
