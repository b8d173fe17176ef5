package dev.cutover.router.internal.action;

import dev.cutover.config.Side;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.http.RequestValues;
import dev.cutover.router.internal.routing.JsonComparison;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The router's half of one action kind (the other half, its syntax and grants, is the kind's record in
 * {@code dev.cutover.config.action}): plan a call from a request, call a side, compare two answers of a shadow read.
 * {@link ActionHandlers} picks the handler of each kind through {@code Action.Visitor}, so a kind without one does not
 * compile.
 */
public interface ActionHandler {
    /**
     * Checks every value the call will use and returns the call either side would make. Throws a 400
     * {@code HttpFailure} for a bad request; nothing here contacts a backend.
     */
    PlannedCall plan(RequestValues values);

    /** True when the call sends the request body itself (a message, an item), so a body is required. */
    default boolean sendsBody() {
        return false;
    }

    /**
     * The differing fields of a shadow read's two answers (status first); empty when they match. {@code ignored} are the
     * operation's {@code shadowIgnore} fields (names at any depth, dotted paths only there).
     */
    default List<String> differences(BackendResult primary, BackendResult shadow, Set<String> ignored) {
        if (primary.status() != shadow.status()) {
            return List.of("status");
        }
        if (!primary.isFound()) {
            return List.of();
        }
        return JsonComparison.differences(primary.body(), shadow.body(), ignored);
    }

    /** A checked, side-independent call: logical resource names plus values taken from the request. */
    interface PlannedCall {
        /** Makes the call on {@code side}; {@code deadline} (nullable) shortens its total time, SDK retries included. */
        BackendResult call(Side side, Duration deadline);
    }
}
