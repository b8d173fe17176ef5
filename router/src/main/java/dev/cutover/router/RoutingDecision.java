package dev.cutover.router;

import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import java.util.Optional;

/**
 * Where one request goes: the operation, the primary side that answers, the canary bucket of its routing key, the
 * flag that decided, and the other side when the flag asks for a dual write or a shadow read that samples this request.
 */
public record RoutingDecision(Operation operation, String routingKey, Side primary, int bucket, OperationFlag flag,
        Optional<Side> secondary) {

    /** The operation's name, which is also its flag key. */
    public String operationName() {
        return operation.name();
    }
}
