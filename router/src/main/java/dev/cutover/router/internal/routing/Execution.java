package dev.cutover.router.internal.routing;

import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.router.RoutingDecision;
import dev.cutover.router.internal.backend.BackendErrors;
import dev.cutover.router.internal.backend.BackendFailure;
import dev.cutover.router.internal.backend.CredentialRefresh;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs one decided request on its sides: the primary now, the secondary (shadow read or dual write) beside it on the
 * bounded {@link Secondaries} executor. Both go through the same unit: one credential-refresh wrapper
 * ({@link CredentialRefresh} on the legacy side), one secondary deadline ({@code router.secondaryTimeout}, given to the
 * secondary's SDK call and used for the wait, counted from its start), one comparison and its telemetry, and the
 * mapping of the primary's failure to the caller's status ({@link #executeMapped}).
 */
public final class Execution implements AutoCloseable {
    private final CredentialRefresh credentialRefresh;
    private final Secondaries secondaries;
    private final Telemetry telemetry;
    private final Permissions permissions;
    private final Duration secondaryTimeout;

    public Execution(CredentialRefresh credentialRefresh, Secondaries secondaries, Telemetry telemetry, Permissions permissions,
            Duration secondaryTimeout) {
        this.credentialRefresh = credentialRefresh;
        this.secondaries = secondaries;
        this.telemetry = telemetry;
        this.permissions = permissions;
        this.secondaryTimeout = secondaryTimeout;
    }

    /** One call on a side. */
    @FunctionalInterface
    public interface SideCall<T> {
        /** Calls {@code side}; {@code deadline} (null: the client's own, {@code router.backendTimeout}) bounds it, SDK retries included. */
        T call(Side side, Duration deadline);
    }

    /** Compares a primary and a secondary answer: the differing fields, empty when they match. */
    @FunctionalInterface
    public interface Comparer<T> {
        List<String> differences(T primary, T secondary);
    }

    /** The primary's result and what the secondary did ("match", "mismatch", "written", "timeout", ...; null without one). */
    public record Routed<T>(T primary, String secondary) {
    }

    /**
     * Runs {@code call} against {@code side}; on the legacy side, a rejection of credentials the cache still trusted
     * refreshes them and runs the call once more. Once per request and side.
     */
    public <T> T call(Side side, Supplier<T> call) {
        return side == Side.LEGACY ? credentialRefresh.call(call) : call.get();
    }

    /**
     * Runs the decided request; a failure of the primary is thrown as the SDK threw it, a failure of the secondary is
     * logged and counted, never thrown. {@code comparer} null: the secondary is a write.
     */
    public <T> Routed<T> execute(RoutingDecision d, SideCall<T> call, Comparer<T> comparer) {
        Side primary = d.primary();
        Secondaries.Pending<T> pending = d.secondary()
                .map(s -> secondaries.start(() -> call(s, () -> call.call(s, secondaryTimeout))))
                .orElse(null);
        T result;
        try {
            result = call(primary, () -> call.call(primary, null));
        } catch (RuntimeException e) {
            if (pending != null) {
                pending.await(secondaryTimeout); // never leave it running into a frozen container
            }
            throw e;
        }
        if (pending == null) {
            return new Routed<>(result, null);
        }
        return new Routed<>(result, settle(d, result, pending.await(secondaryTimeout), comparer));
    }

    /**
     * {@link #execute}, with the primary's failure mapped to what the caller sees ({@link BackendFailure}: 409, 429,
     * 502, 504); a denial also logs WARN {@code missing_permission} naming the permission to grant.
     */
    public <T> Routed<T> executeMapped(RoutingDecision d, String requestId, SideCall<T> call, Comparer<T> comparer) {
        try {
            return execute(d, call, comparer);
        } catch (HttpFailure e) {
            throw e; // already the caller's answer (e.g. BatchGetItem's keys still unprocessed: 429)
        } catch (RuntimeException e) {
            BackendFailure f = BackendErrors.map(e, d.operation(), d.primary(), permissions);
            if (f.missingPermission() != null) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("requestId", requestId);
                fields.put("side", d.primary().id());
                fields.put("missingPermission", f.missingPermission());
                fields.put("fix", "grant this permission to the router's role in the " + d.primary().id() + " account");
                telemetry.warn("missing_permission", null, d.operationName(), fields);
            }
            throw f;
        }
    }

    private <T> String settle(RoutingDecision d, T result, Secondaries.Outcome<T> outcome, Comparer<T> comparer) {
        Side other = d.primary().other();
        if (!outcome.isSuccess()) {
            // The secondary's SDK deadline is secondaryTimeout too: when the primary took longer, the SDK's
            // timeout has already ended the secondary and the wait sees an error; it is still a timeout.
            String reason = outcome.error() != null && BackendErrors.isTimeout(outcome.error()) ? "timeout" : outcome.describe();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("side", other.id());
            fields.put("routingKey", d.routingKey());
            fields.put("reason", reason);
            if (outcome.error() != null) {
                fields.put("error", describe(outcome.error()));
            }
            telemetry.warn("secondary_failed", Telemetry.SECONDARY_FAILURES, d.operationName(), fields);
            return reason;
        }
        if (comparer == null) {
            return "written";
        }
        List<String> differences = comparer.differences(result, outcome.value());
        if (differences.isEmpty()) {
            return "match";
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("routingKey", d.routingKey());
        fields.put("primary", d.primary().id());
        fields.put("shadow", other.id());
        fields.put("differingFields", differences);
        telemetry.warn("shadow_mismatch", Telemetry.SHADOW_MISMATCHES, d.operationName(), fields);
        return "mismatch";
    }

    /** The error of a secondary for the log: the AWS error code or the exception type, never a message with secrets. */
    private static String describe(RuntimeException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        secondaries.close();
    }
}
