package dev.cutover.router;

import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import java.util.Optional;

/**
 * Where one request goes: the primary side that answers, the canary bucket of its routing key, the
 * flag that decided, and the other side when the flag asks for a shadow read or a dual write.
 */
public record RoutingDecision(String operation, String routingKey, Side primary, int bucket, OperationFlag flag,
        Optional<Side> secondary) {
}
