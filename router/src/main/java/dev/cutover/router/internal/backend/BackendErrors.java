package dev.cutover.router.internal.backend;

import dev.cutover.config.Operation;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Maps what the SDK throws (after its own retries) to the caller's status: throttling 429, timeouts
 * 504, denials and every other backend failure 502. A denial names the missing permission for the
 * log: the action and resource from AWS's message, else the permissions the operation needs.
 */
public final class BackendErrors {
    private static final String CONDITION_FAILED = "ConditionalCheckFailedException";
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException");
    private static final Pattern NOT_AUTHORIZED =
            Pattern.compile("perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+) on resource: (\\S+?)(?=[\\s,;]|$)");

    private BackendErrors() {
    }

    public static BackendFailure map(RuntimeException e, Operation operation, Side side, Permissions permissions) {
        if (e instanceof BackendFailure f) {
            return f;
        }
        if (isTimeout(e)) {
            return new BackendFailure(504, "timeout", "the backend did not answer in time", Map.of(),
                    side.id() + ": " + e.getClass().getSimpleName(), null, e);
        }
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() == null ? "?" : ase.awsErrorDetails().errorCode();
            String detail = side.id() + ": " + code + " (HTTP " + ase.statusCode() + "): " + ase.awsErrorDetails().errorMessage();
            if (ase.isThrottlingException() || ase.statusCode() == 429) {
                return new BackendFailure(429, "throttled", "the backend is throttling requests; retry later",
                        Map.of("retry-after", "1"), detail, null, e);
            }
            if (CONDITION_FAILED.equals(code)) {
                return new BackendFailure(409, "condition_failed", "the write's condition does not hold for the item as it is now;"
                        + " nothing was written", Map.of(), detail, null, e);
            }
            if (DENIED.contains(code) || (ase.statusCode() == 403 && !CredentialRejection.isRejection(e))) {
                String missing = missingPermission(ase.awsErrorDetails().errorMessage(), operation, side, permissions);
                return new BackendFailure(502, "denied", "the backend denied the request; the router log names the missing permission",
                        Map.of(), detail, missing, e);
            }
            return new BackendFailure(502, "backend_error", "the backend failed to serve the request", Map.of(), detail, null, e);
        }
        return new BackendFailure(502, "backend_error", "the backend failed to serve the request", Map.of(),
                side.id() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
    }

    /** Whether the SDK gave up because a deadline passed (the call's, an attempt's, or the socket's). */
    public static boolean isTimeout(RuntimeException e) {
        return e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || (e instanceof SdkClientException && hasTimeoutCause(e));
    }

    static String missingPermission(String message, Operation operation, Side side, Permissions permissions) {
        if (message != null) {
            Matcher m = NOT_AUTHORIZED.matcher(message);
            if (m.find()) {
                return m.group(1) + " on " + m.group(2);
            }
        }
        return "one of " + permissions.forOperation(operation, side).stream().map(BackendErrors::describe)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Permission p) {
        return p.action() + " on " + p.resource();
    }

    private static boolean hasTimeoutCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
