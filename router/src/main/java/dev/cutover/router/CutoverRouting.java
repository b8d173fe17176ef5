package dev.cutover.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.internal.RouterRuntime;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Routing for teams that keep their own handler code: "which side serves this operation for this
 * key now, and give me its client", plus the shadow-read and dual-write helpers. It uses the same
 * decision helper and the same execution unit (credential refresh, secondary deadline, comparison)
 * as the route table ({@link CutoverRouter}), which can be put on top of it with {@link CutoverRouter#on}.
 *
 * <pre>{@code
 * CutoverRouting routing = CutoverRouting.create(config, factory);       // once, at init
 * RoutingDecision d = routing.decide("getItem", itemId);                   // per request
 * GetItemResponse r = routing.shadowRead(d, side -> routing.clients().dynamoDb(side).getItem(...), Object::equals);
 * }</pre>
 *
 * <p>Everything is built at construction (clients of both sides, the AppConfig session, the
 * secondary executor) and reused; nothing per request calls STS or builds a client.
 */
public final class CutoverRouting implements AutoCloseable {
    /** The environment variable holding the secret that Query cursors are encrypted with. */
    public static final String CURSOR_KEY_ENV = RouterRuntime.CURSOR_KEY_ENV;

    private final RouterRuntime runtime;

    private CutoverRouting(RouterRuntime runtime) {
        this.runtime = runtime;
    }

    /** Builds everything the routing needs; call once, at init. */
    public static CutoverRouting create(CutoverConfig config, AwsClientFactory factory) {
        return builder(config, factory).build();
    }

    public static Builder builder(CutoverConfig config, AwsClientFactory factory) {
        return new Builder(config, factory);
    }

    /**
     * Decides the side for one request. Kill switch on: legacy. Otherwise the operation's flag: its
     * target, or for a legacy target with a canary, new when the key's sticky bucket is below the
     * canary percent. A shadow read samples by the routing key here; use {@link #decide(String, String, String)}
     * to sample by request id. Refreshes the flags first when they are due.
     */
    public RoutingDecision decide(String operationName, String routingKey) {
        return decide(operationName, routingKey, routingKey);
    }

    /** {@link #decide(String, String)}, with the flag's {@code shadowPercent} sampling by {@code requestId}. */
    public RoutingDecision decide(String operationName, String routingKey, String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        return runtime.decider().decide(runtime.operation(operationName), routingKey, requestId);
    }

    /** The side that serves {@code operationName} for {@code routingKey} now. */
    public Side sideFor(String operationName, String routingKey) {
        return decide(operationName, routingKey).primary();
    }

    /** The clients of both sides, e.g. {@code clients().dynamoDb(sideFor("getItem", id))}. */
    public RouterClients clients() {
        return runtime.clients();
    }

    /**
     * Runs {@code call} against {@code side}; when the legacy account rejects credentials the cache
     * still trusted (ExpiredToken, InvalidClientTokenId), refreshes them once and retries once.
     */
    public <T> T call(Side side, Supplier<T> call) {
        return runtime.execution().call(side, call);
    }

    /**
     * A read on the decided side; with the flag's shadow on (and this request sampled), the same read on the other side in
     * parallel, compared with {@code sameResult}: a mismatch is logged with the routing key and
     * counted. The answer is always the primary's; the shadow never fails or delays it beyond
     * {@code router.secondaryTimeout}.
     */
    public <T> T shadowRead(RoutingDecision decision, Function<Side, T> read, BiPredicate<T, T> sameResult) {
        return runtime.execution().execute(decision, (side, deadline) -> read.apply(side),
                (a, b) -> sameResult.test(a, b) ? List.of() : List.of("$")).primary();
    }

    /**
     * A write on the decided side; with the flag's dual write on, the same write on the other side in
     * parallel with the same {@code idempotencyKey} (put it in the message or item so a consumer can
     * dedupe). The primary's result is returned; a secondary failure is logged and counted, never thrown.
     */
    public <T> T dualWrite(RoutingDecision decision, String idempotencyKey, BiFunction<Side, String, T> write) {
        return runtime.execution().execute(decision, (side, deadline) -> write.apply(side, idempotencyKey), null).primary();
    }

    /** The flags in force (the safe default until the first successful fetch). */
    public RoutingFlags flags() {
        return runtime.decider().flags();
    }

    /** How long ago AppConfig last confirmed the flags. */
    public long flagAgeMillis() {
        return runtime.decider().flagAgeMillis();
    }

    /**
     * How often a metric was emitted by this process, e.g. {@code "ShadowMismatches"},
     * {@code "ShadowMismatches:getItem"}, {@code "Requests:getItem:new"}, {@code "FlagFetchErrors"}
     * (the same numbers the EMF lines carry to CloudWatch; for tests and the local CLI).
     */
    public long metricCount(String key) {
        return runtime.telemetry().count(key);
    }

    /** What {@link CutoverRouter#on} builds the route table on. */
    RouterRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** Options of {@link CutoverRouting}; all but the configuration and factory are optional. */
    public static final class Builder {
        private final CutoverConfig config;
        private final AwsClientFactory factory;
        private Consumer<String> logSink = Telemetry.stdout();
        private Duration flagsFetchTimeout = Duration.ofSeconds(1);
        private int secondaryThreads = 4;
        private byte[] cursorSecret;

        private Builder(CutoverConfig config, AwsClientFactory factory) {
            this.config = Objects.requireNonNull(config, "config");
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /** Where JSON log and EMF lines go; default standard output (CloudWatch Logs on Lambda). */
        public Builder logSink(Consumer<String> sink) {
            this.logSink = Objects.requireNonNull(sink);
            return this;
        }

        /** Deadline of one flags fetch, SDK retries included; default 1 s. */
        public Builder flagsFetchTimeout(Duration timeout) {
            this.flagsFetchTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Threads running shadow reads and dual writes; default 4. */
        public Builder secondaryThreads(int threads) {
            if (threads < 1) {
                throw new RoutingException("secondaryThreads must be at least 1, but was " + threads);
            }
            this.secondaryThreads = threads;
            return this;
        }

        /** The secret Query cursors are encrypted with (16 bytes or more); default $CUTOVER_CURSOR_KEY. */
        public Builder cursorSecret(byte[] secret) {
            if (secret == null || secret.length < 16) {
                throw new RoutingException("the cursor secret must have at least 16 bytes");
            }
            this.cursorSecret = secret.clone();
            return this;
        }

        public CutoverRouting build() {
            return new CutoverRouting(new RouterRuntime(config, factory,
                    new RouterRuntime.Options(new ObjectMapper(), logSink, flagsFetchTimeout, secondaryThreads, cursorSecret)));
        }
    }
}
