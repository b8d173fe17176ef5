package dev.cutover.router.internal.routing;

import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.RoutingDecision;
import dev.cutover.router.internal.flags.FlagPoller;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the sides of one request from the flags in force; the one place both the route table ({@code CutoverRouter})
 * and the library API ({@code CutoverRouting}) decide. Kill switch on: legacy only. Otherwise the operation's flag: its
 * target, or for a legacy target with a canary, new when the routing key's sticky bucket ({@link CanaryBucket#of}) is
 * below the canary percent. A write with dual write on gets the other side as secondary; a read with shadow on gets it
 * when the request's sampling bucket ({@link CanaryBucket#sample}) is below the flag's {@code shadowPercent}.
 */
public final class Decider {
    private final FlagPoller flags;

    public Decider(FlagPoller flags) {
        this.flags = flags;
    }

    /**
     * Decides for {@code routingKey}; {@code sampleId} (the request id; the library API passes the routing key when it
     * has none) picks whether a shadow read samples this request. Refreshes the flags first when they are due.
     */
    public RoutingDecision decide(Operation operation, String routingKey, String sampleId) {
        Objects.requireNonNull(routingKey, "routingKey");
        OperationFlag flag = flags.current().flag(operation.name());
        int bucket = CanaryBucket.of(operation.name(), routingKey);
        Side primary = flag.sideFor(bucket);
        boolean secondary = operation.isRead() ? flag.shadow() && flag.shadowSamples(CanaryBucket.sample(sampleId)) : flag.dualWrite();
        Optional<Side> other = secondary ? Optional.of(primary.other()) : Optional.empty();
        return new RoutingDecision(operation, routingKey, primary, bucket, flag, other);
    }

    /** The flags in force (the safe default until the first successful fetch). */
    public RoutingFlags flags() {
        return flags.current();
    }

    /** How long ago AppConfig last confirmed the flags. */
    public long flagAgeMillis() {
        return flags.ageMillis();
    }
}
