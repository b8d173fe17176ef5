package dev.cutover.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.internal.backend.BackendErrors;
import dev.cutover.router.internal.action.CursorCodec;
import dev.cutover.router.internal.backend.Backends;
import dev.cutover.router.internal.flags.FlagPoller;
import dev.cutover.router.internal.routing.CanaryBucket;
import dev.cutover.router.internal.routing.Secondaries;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.appconfigdata.AppConfigDataClient;

/**
 * Routing for teams that keep their own handler code: "which side serves this operation for this
 * key now, and give me its client", plus the shadow-read and dual-write helpers. The route table
 * ({@link CutoverRouter}) is built on exactly this.
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
    public static final String CURSOR_KEY_ENV = "CUTOVER_CURSOR_KEY";
    private final CutoverConfig config;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final RouterClients clients;
    private final AppConfigDataClient appConfig;
    private final Telemetry telemetry;
    private final FlagPoller flags;
    private final Backends backends;
    private final Secondaries secondaries;
    private final Duration secondaryTimeout;
    private final CursorCodec cursors;

    private CutoverRouting(Builder b) {
        this.config = b.config;
        config.operations().forEach(o -> operations.put(o.name(), o));
        this.telemetry = new Telemetry(b.json, b.logSink);
        this.clients = RouterClients.create(config, b.factory);
        // The flags fetch runs on the request path when due: a short deadline keeps an AppConfig outage cheap.
        this.appConfig = b.factory.build(AppConfigDataClient.builder(), Side.NEW, o -> o.apiCallTimeout(b.flagsFetchTimeout));
        this.flags = new FlagPoller(appConfig, config, safeDefault(config), telemetry, System::nanoTime);
        this.backends = new Backends(clients, telemetry);
        this.cursors = b.cursorSecret != null ? new CursorCodec(b.cursorSecret) : cursorsFromEnvironment(config, telemetry);
        this.secondaries = new Secondaries(b.secondaryThreads, b.secondaryThreads * 16);
        this.secondaryTimeout = config.router().secondaryTimeout();
    }

    /** Builds everything the routing needs; call once, at init. */
    public static CutoverRouting create(CutoverConfig config, AwsClientFactory factory) {
        return builder(config, factory).build();
    }

    public static Builder builder(CutoverConfig config, AwsClientFactory factory) {
        return new Builder(config, factory);
    }

    /** Before the first successful flags fetch: every operation on {@code router.defaultSide}, no shadow, no dual write. */
    private static RoutingFlags safeDefault(CutoverConfig config) {
        RoutingFlags all = RoutingFlags.allLegacy(config);
        if (config.router().defaultSide() == Side.LEGACY) {
            return all;
        }
        OperationFlag onNew = new OperationFlag(Side.NEW, 0, false, false);
        for (Operation op : config.operations()) {
            all = all.with(op.name(), onNew);
        }
        return all;
    }

    /**
     * Decides the side for one request. Kill switch on: legacy. Otherwise the operation's flag: its
     * target, or for a legacy target with a canary, new when the key's sticky bucket is below the
     * canary percent. Refreshes the flags first when they are due.
     */
    public RoutingDecision decide(String operationName, String routingKey) {
        Operation op = operations.get(operationName);
        if (op == null) {
            throw new RoutingException("no operation named '" + operationName + "'; known: " + operations.keySet());
        }
        Objects.requireNonNull(routingKey, "routingKey");
        OperationFlag flag = flags.current().flag(operationName);
        int bucket = CanaryBucket.of(operationName, routingKey);
        Side primary = flag.sideFor(bucket);
        boolean secondary = op.isRead() ? flag.shadow() : flag.dualWrite();
        return new RoutingDecision(operationName, routingKey, primary, bucket, flag,
                secondary ? Optional.of(primary.other()) : Optional.empty());
    }

    /** The side that serves {@code operationName} for {@code routingKey} now. */
    public Side sideFor(String operationName, String routingKey) {
        return decide(operationName, routingKey).primary();
    }

    /** The clients of both sides, e.g. {@code clients().dynamoDb(sideFor("getItem", id))}. */
    public RouterClients clients() {
        return clients;
    }

    /**
     * Runs {@code call} against {@code side}; when the legacy account rejects credentials the cache
     * still trusted (ExpiredToken, InvalidClientTokenId), refreshes them once and retries once.
     */
    public <T> T call(Side side, Supplier<T> call) {
        return backends.withFreshCredentials(side, call);
    }

    /**
     * A read on the decided side; with the flag's shadow on, the same read on the other side in
     * parallel, compared with {@code sameResult}: a mismatch is logged with the routing key and
     * counted. The answer is always the primary's; the shadow never fails or delays it beyond
     * {@code router.secondaryTimeout}.
     */
    public <T> T shadowRead(RoutingDecision decision, Function<Side, T> read, BiPredicate<T, T> sameResult) {
        return route(decision, read, (a, b) -> sameResult.test(a, b) ? List.of() : List.of("$")).primary();
    }

    /**
     * A write on the decided side; with the flag's dual write on, the same write on the other side in
     * parallel with the same {@code idempotencyKey} (put it in the message or item so a consumer can
     * dedupe). The primary's result is returned; a secondary failure is logged and counted, never thrown.
     */
    public <T> T dualWrite(RoutingDecision decision, String idempotencyKey, BiFunction<Side, String, T> write) {
        return route(decision, side -> write.apply(side, idempotencyKey), null).primary();
    }

    /** The flags in force (the safe default until the first successful fetch). */
    public RoutingFlags flags() {
        return flags.current();
    }

    /** How long ago AppConfig last confirmed the flags. */
    public long flagAgeMillis() {
        return flags.ageMillis();
    }

    /**
     * How often a metric was emitted by this process, e.g. {@code "ShadowMismatches"},
     * {@code "ShadowMismatches:getItem"}, {@code "Requests:getItem:new"}, {@code "FlagFetchErrors"}
     * (the same numbers the EMF lines carry to CloudWatch; for tests and the local CLI).
     */
    public long metricCount(String key) {
        return telemetry.count(key);
    }

    /** The primary's result and what the secondary did ("match", "mismatch", "written", "timeout", ...; null without one). */
    record Routed<T>(T primary, String secondary) {
    }

    /** Compares a primary and a secondary answer: the differing fields, empty when they match. */
    interface Comparer<T> {
        List<String> differences(T primary, T secondary);
    }

    /** One straight path for both the route table and the helpers: primary now, secondary beside it. */
    <T> Routed<T> route(RoutingDecision d, Function<Side, T> action, Comparer<T> comparer) {
        Side primary = d.primary();
        Secondaries.Pending<T> pending = d.secondary().map(s -> secondaries.start(() -> call(s, () -> action.apply(s)))).orElse(null);
        T result;
        try {
            result = call(primary, () -> action.apply(primary));
        } catch (RuntimeException e) {
            if (pending != null) {
                pending.await(secondaryTimeout); // never leave it running into a frozen container
            }
            throw e;
        }
        if (pending == null) {
            return new Routed<>(result, null);
        }
        Side other = primary.other();
        Secondaries.Outcome<T> outcome = pending.await(secondaryTimeout);
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
            telemetry.warn("secondary_failed", Telemetry.SECONDARY_FAILURES, d.operation(), fields);
            return new Routed<>(result, reason);
        }
        if (comparer == null) {
            return new Routed<>(result, "written");
        }
        List<String> differences = comparer.differences(result, outcome.value());
        if (differences.isEmpty()) {
            return new Routed<>(result, "match");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("routingKey", d.routingKey());
        fields.put("primary", primary.id());
        fields.put("shadow", other.id());
        fields.put("differingFields", differences);
        telemetry.warn("shadow_mismatch", Telemetry.SHADOW_MISMATCHES, d.operation(), fields);
        return new Routed<>(result, "mismatch");
    }

    /** The error of a secondary for the log: the AWS error code or the exception type, never a message with secrets. */
    private static String describe(RuntimeException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }

    CutoverConfig config() {
        return config;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    /** The codec of Query cursors (encrypted with the secret from the builder or $CUTOVER_CURSOR_KEY). */
    CursorCodec cursors() {
        return cursors;
    }

    /**
     * The cursor secret from $CUTOVER_CURSOR_KEY; without it, a random secret, valid only in this process (a WARN says
     * so when some operation pages with cursors).
     */
    private static CursorCodec cursorsFromEnvironment(CutoverConfig config, Telemetry telemetry) {
        String secret = System.getenv(CURSOR_KEY_ENV);
        if (secret != null && secret.length() >= 16) {
            return new CursorCodec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        config.operations().stream().filter(o -> o.action() instanceof dev.cutover.config.action.DynamoDbQuery).findFirst()
                .ifPresent(o -> telemetry.warn("cursor_key_ephemeral", null, o.name(), Map.of("fix", "set " + CURSOR_KEY_ENV
                        + " (16 or more characters, the same on every instance) so that a cursor stays valid on any instance")));
        return CursorCodec.ephemeral();
    }

    @Override
    public void close() {
        secondaries.close();
        appConfig.close();
        clients.close();
    }

    /** Options of {@link CutoverRouting}; all but the configuration and factory are optional. */
    public static final class Builder {
        private final CutoverConfig config;
        private final AwsClientFactory factory;
        private ObjectMapper json = new ObjectMapper();
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
            return new CutoverRouting(this);
        }
    }
}
