package dev.cutover.dynamodb;

import dev.cutover.dynamodb.internal.engine.Engine;
import dev.cutover.dynamodb.internal.engine.Persistence;
import dev.cutover.dynamodb.internal.streams.StreamSettings;
import dev.cutover.dynamodb.internal.streams.StreamsApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's in-memory DynamoDB: serves DynamoDB's JSON 1.0 protocol ({@code DynamoDB_20120810}) and DynamoDB
 * Streams' ({@code DynamoDBStreams_20120810}) in-process, one isolated store per account and region. The caller (the
 * sandbox's edge) has already verified the signature and decided IAM; the engine answers exactly what DynamoDB would for
 * the body.
 *
 * <pre>{@code
 * DynamoDbEngine engine = DynamoDbEngine.builder().build();
 * DynamoDbEngine.Response r = engine.handle("111111111111", "eu-west-1", "GetItem", body);
 * }</pre>
 */
public final class DynamoDbEngine implements AutoCloseable {

    /** The operations the engine implements; anything else is answered with UnknownOperationException. */
    public static final Set<String> OPERATIONS = Engine.OPERATIONS;

    /** DynamoDB's own operations ({@code X-Amz-Target: DynamoDB_20120810.<operation>}). */
    public static final Set<String> TABLE_OPERATIONS = Engine.TABLE_OPERATIONS;

    /** DynamoDB Streams' operations ({@code X-Amz-Target: DynamoDBStreams_20120810.<operation>}). */
    public static final Set<String> STREAM_OPERATIONS = Engine.STREAM_OPERATIONS;

    private final Engine engine;
    private final ScheduledExecutorService sweeper;
    private final Clock clock;
    private final Persistence persistence;

    private DynamoDbEngine(Builder builder) {
        this.clock = builder.clock;
        this.engine = new Engine(builder.clock, new StreamSettings(builder.streamRetention, builder.shardRolloverRecords,
                builder.shardRolloverInterval, StreamSettings.ITERATOR_LIFETIME), builder.objectStore);
        if (builder.dataDir == null) {
            this.persistence = null;
        } else {
            try {
                this.persistence = engine.persistTo(builder.dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open the DynamoDB data directory " + builder.dataDir + ": " + e.getMessage(), e);
            }
        }
        Duration interval = builder.ttlSweepInterval;
        if (interval.isZero()) {
            this.sweeper = null;
        } else {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dynamodb-ttl-sweeper");
                t.setDaemon(true);
                return t;
            });
            Clock clock = builder.clock;
            sweeper.scheduleWithFixedDelay(() -> engine.expireItems(clock.instant()), interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An answer: HTTP status and the JSON body ({@code application/x-amz-json-1.0}). */
    public record Response(int status, byte[] body) {
    }

    /**
     * Serves one call.
     *
     * @param account the caller's account (its tables; a table ARN in the body may name another account's)
     * @param region the region from the request's credential scope
     * @param operation the operation from {@code X-Amz-Target: DynamoDB_20120810.<operation>} or
     *     {@code DynamoDBStreams_20120810.<operation>}
     * @param body the JSON request body
     */
    public Response handle(String account, String region, String operation, byte[] body) {
        Engine.Answer answer = engine.handle(account, region, operation, body);
        return new Response(answer.status(), answer.body());
    }

    /**
     * The stream ARN a DynamoDB Streams shard iterator reads ({@code arn:aws:dynamodb:R:A:table/T/stream/LABEL}), so that
     * GetRecords can be authorised on the stream; empty when the text is not a shard iterator.
     */
    public static Optional<String> streamArnOfIterator(String shardIterator) {
        return StreamsApi.streamArnOfIterator(shardIterator);
    }

    /**
     * The resource-based policy (JSON, as PutResourcePolicy stored it) that governs {@code arn}, for the edge's IAM
     * decision: for a stream ARN ({@code .../table/T/stream/LABEL}) the stream's own policy, for a table or index ARN
     * ({@code .../table/T}, {@code .../table/T/index/I}) the table's. Empty when none is attached.
     */
    public Optional<String> resourcePolicy(String arn) {
        return engine.resourcePolicy(arn);
    }

    /** Whether any resource in any account has a resource-based policy; false lets the edge skip {@link #resourcePolicy}. */
    public boolean hasResourcePolicies() {
        return engine.hasResourcePolicies();
    }

    /** Deletes the items whose TTL has passed now (the sweeper does this every {@code ttlSweepInterval}); returns how many. */
    public int expireItems() {
        return engine.expireItems(clock.instant());
    }

    /** Where the tables are kept, when the engine was built with {@link Builder#dataDir}. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(persistence).map(Persistence::directory);
    }

    /** What the restore from the data directory skipped (e.g. a half-written last record after a crash); empty in memory. */
    public List<String> restoreWarnings() {
        return persistence == null ? List.of() : persistence.warnings();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (persistence != null) {
            try {
                persistence.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Settings for a new engine. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private ObjectStore objectStore = ObjectStore.none();
        private Duration ttlSweepInterval = Duration.ofSeconds(5);
        private Duration streamRetention = StreamSettings.DEFAULT_RETENTION;
        private int shardRolloverRecords;
        private Duration shardRolloverInterval = StreamSettings.DEFAULT_ROLLOVER_INTERVAL;
        private Path dataDir;

        private Builder() {
        }

        /**
         * Keeps the tables in {@code dir} across restarts (a snapshot plus an append-only log, fsynced before each answer);
         * null (the default) keeps them in memory only. Stream records are not kept.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The S3 buckets ExportTableToPointInTime writes to and ImportTable reads from (default: none). */
        public Builder objectStore(ObjectStore store) {
            this.objectStore = Objects.requireNonNull(store, "objectStore");
            return this;
        }

        /** How often expired TTL items are removed; zero turns the sweeper off (then call {@link #expireItems()}). */
        public Builder ttlSweepInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("ttlSweepInterval must be zero or positive, but was " + interval);
            }
            this.ttlSweepInterval = interval;
            return this;
        }

        /** How long stream records stay readable (DynamoDB: 24 hours); older ones are trimmed. */
        public Builder streamRetention(Duration retention) {
            if (retention == null || retention.isZero() || retention.isNegative()) {
                throw new IllegalArgumentException("streamRetention must be positive, but was " + retention);
            }
            this.streamRetention = retention;
            return this;
        }

        /** A stream's open shard is closed, and a child opened, once it holds this many records; 0 (the default) for no limit. */
        public Builder shardRolloverRecords(int records) {
            if (records < 0) {
                throw new IllegalArgumentException("shardRolloverRecords must be zero or positive, but was " + records);
            }
            this.shardRolloverRecords = records;
            return this;
        }

        /** A stream's open shard is closed, and a child opened, once it is this old (default 4 hours, as DynamoDB); zero for never. */
        public Builder shardRolloverInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("shardRolloverInterval must be zero or positive, but was " + interval);
            }
            this.shardRolloverInterval = interval;
            return this;
        }

        public DynamoDbEngine build() {
            return new DynamoDbEngine(this);
        }
    }
}
