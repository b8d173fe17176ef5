package dev.cutover.migrations.replication;

import dev.cutover.migrations.dynamodb.ItemTransform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** What {@link DynamoDbStreamReplicator} replicates and how; build with {@link #builder()}. */
public final class ReplicationOptions {
    public static final String DEFAULT_CHECKPOINT_TABLE = "cutover-checkpoints";

    private final String sourceTable;
    private final String targetTable;
    private final String checkpointTable;
    private final ItemTransform transform;
    private final ReplicationMode mode;
    private final boolean fromTrimHorizon;
    private final Duration pollInterval;
    private final Duration statusInterval;
    private final int maxUnprocessedRetries;
    private final int writeThreads;
    private final boolean metrics;
    private final PrintWriter log;
    private final Clock clock;

    private ReplicationOptions(Builder b) {
        this.sourceTable = require(b.sourceTable, "sourceTable");
        this.targetTable = require(b.targetTable, "targetTable");
        this.checkpointTable = require(b.checkpointTable, "checkpointTable");
        this.transform = Objects.requireNonNull(b.transform, "transform");
        this.mode = Objects.requireNonNull(b.mode, "mode");
        this.fromTrimHorizon = b.fromTrimHorizon;
        if (b.pollInterval.isNegative() || b.pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, but was " + b.pollInterval);
        }
        this.pollInterval = b.pollInterval;
        this.statusInterval = Objects.requireNonNull(b.statusInterval, "statusInterval");
        if (b.maxUnprocessedRetries < 0) {
            throw new IllegalArgumentException("maxUnprocessedRetries must be zero or more, but was " + b.maxUnprocessedRetries);
        }
        this.maxUnprocessedRetries = b.maxUnprocessedRetries;
        if (b.writeThreads < 1) {
            throw new IllegalArgumentException("writeThreads must be at least 1, but was " + b.writeThreads);
        }
        this.writeThreads = b.writeThreads;
        this.metrics = b.metrics;
        this.log = Objects.requireNonNull(b.log, "log");
        this.clock = Objects.requireNonNull(b.clock, "clock");
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String sourceTable() {
        return sourceTable;
    }

    public String targetTable() {
        return targetTable;
    }

    public String checkpointTable() {
        return checkpointTable;
    }

    public ItemTransform transform() {
        return transform;
    }

    public ReplicationMode mode() {
        return mode;
    }

    public boolean fromTrimHorizon() {
        return fromTrimHorizon;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration statusInterval() {
        return statusInterval;
    }

    public int maxUnprocessedRetries() {
        return maxUnprocessedRetries;
    }

    public int writeThreads() {
        return writeThreads;
    }

    public boolean metrics() {
        return metrics;
    }

    public PrintWriter log() {
        return log;
    }

    public Clock clock() {
        return clock;
    }

    /** Options; source and target tables are required. */
    public static final class Builder {
        private String sourceTable;
        private String targetTable;
        private String checkpointTable = DEFAULT_CHECKPOINT_TABLE;
        private ItemTransform transform = ItemTransform.identity();
        private ReplicationMode mode = ReplicationMode.UNTIL_CAUGHT_UP;
        private boolean fromTrimHorizon;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration statusInterval = Duration.ofSeconds(10);
        private int maxUnprocessedRetries = 10;
        private int writeThreads = 4;
        private boolean metrics = true;
        private PrintWriter log = new PrintWriter(new StringWriter());
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder sourceTable(String sourceTable) {
            this.sourceTable = sourceTable;
            return this;
        }

        public Builder targetTable(String targetTable) {
            this.targetTable = targetTable;
            return this;
        }

        /** The new account's table holding the checkpoint (partition key job, S); created if absent. */
        public Builder checkpointTable(String checkpointTable) {
            this.checkpointTable = checkpointTable;
            return this;
        }

        /** The copy's transform (renames, drops, --transform): every new image goes through it. */
        public Builder transform(ItemTransform transform) {
            this.transform = transform;
            return this;
        }

        public Builder mode(ReplicationMode mode) {
            this.mode = mode;
            return this;
        }

        /** Without a recorded position: start at the oldest record the stream keeps instead of refusing. */
        public Builder fromTrimHorizon(boolean fromTrimHorizon) {
            this.fromTrimHorizon = fromTrimHorizon;
            return this;
        }

        /** How long FOLLOW waits when every shard is read to its end. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** How often a JSON status line (and the lag metric) is written; zero: only at the end. */
        public Builder statusInterval(Duration statusInterval) {
            this.statusInterval = statusInterval;
            return this;
        }

        public Builder maxUnprocessedRetries(int maxUnprocessedRetries) {
            this.maxUnprocessedRetries = maxUnprocessedRetries;
            return this;
        }

        /** How many BatchWriteItem calls of one GetRecords page are in flight at once (default 4). */
        public Builder writeThreads(int writeThreads) {
            this.writeThreads = writeThreads;
            return this;
        }

        /** Write the lag as a CloudWatch embedded-metric-format line with each status line (default true). */
        public Builder metrics(boolean metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Where status lines go (stderr in the CLI). */
        public Builder log(PrintWriter log) {
            this.log = log;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ReplicationOptions build() {
            return new ReplicationOptions(this);
        }
    }
}
