package dev.cutover.migrations.dynamodb;

import dev.cutover.migrations.internal.RetryPolicies;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one table copy does. Build with {@link #builder()}; only the two table names are required.
 * Validated when built: every error names the option and the bad value.
 */
public final class DynamoDbCopyOptions {
    private final String sourceTable;
    private final String targetTable;
    private final WriteMode mode;
    private final String versionAttribute;
    private final Integer segments;
    private final int scanThreads;
    private final int writeConcurrency;
    private final RateLimit rateLimit;
    private final ItemTransform transform;
    private final Path checkpointFile;
    private final String checkpointTable;
    private final Path deadLetterFile;
    private final Path reportFile;
    private final int pageSize;
    private final int maxUnprocessedRetries;
    private final boolean consistentRead;
    private final PrintWriter log;
    private final boolean quiet;
    private final Integer workers;
    private final int workerIndex;
    private final Duration stopAfter;

    private DynamoDbCopyOptions(Builder b) {
        this.sourceTable = require(b.sourceTable, "sourceTable");
        this.targetTable = require(b.targetTable, "targetTable");
        this.mode = Objects.requireNonNull(b.mode, "mode");
        if (mode == WriteMode.NEWER_WINS && (b.versionAttribute == null || b.versionAttribute.isBlank())) {
            throw new IllegalArgumentException("mode newer-wins needs the version or timestamp attribute to compare "
                    + "(--version-attribute, e.g. 'version' or 'updatedAt')");
        }
        this.versionAttribute = b.versionAttribute;
        if (b.segments != null && (b.segments < 1 || b.segments > 1_000_000)) {
            throw new IllegalArgumentException("segments must be between 1 and 1000000 (DynamoDB's TotalSegments), but was " + b.segments);
        }
        this.segments = b.segments;
        this.scanThreads = positive(b.scanThreads, "scanThreads");
        this.writeConcurrency = positive(b.writeConcurrency, "writeConcurrency");
        this.rateLimit = b.rateLimit;
        this.transform = b.transform == null ? ItemTransform.identity() : b.transform;
        if (b.checkpointFile != null && b.checkpointTable != null) {
            throw new IllegalArgumentException("give a checkpoint file or a checkpoint table, not both");
        }
        this.checkpointFile = b.checkpointFile != null || b.checkpointTable != null ? b.checkpointFile
                : Path.of(".cutover", "checkpoints", sourceTable + "-to-" + targetTable + ".json");
        this.checkpointTable = b.checkpointTable;
        this.deadLetterFile = b.deadLetterFile != null ? b.deadLetterFile
                : Path.of(".cutover", "dead-letters", sourceTable + "-to-" + targetTable + ".jsonl");
        this.reportFile = b.reportFile;
        if (b.pageSize < 1 || b.pageSize > 10_000) {
            throw new IllegalArgumentException("pageSize must be between 1 and 10000, but was " + b.pageSize);
        }
        this.pageSize = b.pageSize;
        if (b.maxUnprocessedRetries < 0 || b.maxUnprocessedRetries > RetryPolicies.MAX_RETRIES) {
            throw new IllegalArgumentException("maxUnprocessedRetries (--max-unprocessed-retries) must be between 0 and "
                    + RetryPolicies.MAX_RETRIES + ", but was " + b.maxUnprocessedRetries);
        }
        this.maxUnprocessedRetries = b.maxUnprocessedRetries;
        this.consistentRead = b.consistentRead;
        this.log = b.log == null ? new PrintWriter(System.err, true) : b.log;
        this.quiet = b.quiet;
        if (b.workers == null && b.workerIndex != null) {
            throw new IllegalArgumentException("--worker-index needs --workers (how many workers share the job)");
        }
        if (b.workers != null) {
            if (b.workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1, but was " + b.workers);
            }
            if (b.workerIndex == null) {
                throw new IllegalArgumentException("--workers needs --worker-index (0 to " + (b.workers - 1) + ": which worker this is)");
            }
            if (b.workerIndex < 0 || b.workerIndex >= b.workers) {
                throw new IllegalArgumentException("--worker-index must be between 0 and " + (b.workers - 1) + " (--workers " + b.workers
                        + "), but was " + b.workerIndex);
            }
            if (b.checkpointTable == null) {
                throw new IllegalArgumentException("--workers needs --checkpoint-table: the checkpoint table is the only state the "
                        + "workers share");
            }
            if (b.segments != null && b.segments < b.workers) {
                throw new IllegalArgumentException("--segments must be at least --workers (" + b.workers + ") so that every worker has a "
                        + "segment, but was " + b.segments);
            }
        }
        this.workers = b.workers;
        this.workerIndex = b.workerIndex == null ? 0 : b.workerIndex;
        if (b.stopAfter != null && (b.stopAfter.isNegative() || b.stopAfter.isZero())) {
            throw new IllegalArgumentException("--stop-after must be positive, but was " + b.stopAfter);
        }
        this.stopAfter = b.stopAfter;
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.sourceTable = sourceTable;
        b.targetTable = targetTable;
        b.mode = mode;
        b.versionAttribute = versionAttribute;
        b.segments = segments;
        b.scanThreads = scanThreads;
        b.writeConcurrency = writeConcurrency;
        b.rateLimit = rateLimit;
        b.transform = transform;
        b.checkpointFile = checkpointTable == null ? checkpointFile : null;
        b.checkpointTable = checkpointTable;
        b.deadLetterFile = deadLetterFile;
        b.reportFile = reportFile;
        b.pageSize = pageSize;
        b.maxUnprocessedRetries = maxUnprocessedRetries;
        b.consistentRead = consistentRead;
        b.log = log;
        b.quiet = quiet;
        b.workers = workers;
        b.workerIndex = workers == null ? null : workerIndex;
        b.stopAfter = stopAfter;
        return b;
    }

    public String sourceTable() {
        return sourceTable;
    }

    public String targetTable() {
        return targetTable;
    }

    public WriteMode mode() {
        return mode;
    }

    public Optional<String> versionAttribute() {
        return Optional.ofNullable(versionAttribute);
    }

    /** Explicit TotalSegments; empty: derived from the table's size. */
    public Optional<Integer> segments() {
        return Optional.ofNullable(segments);
    }

    public int scanThreads() {
        return scanThreads;
    }

    public int writeConcurrency() {
        return writeConcurrency;
    }

    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    public ItemTransform transform() {
        return transform;
    }

    /** The checkpoint file; empty when checkpoints go to a DynamoDB table. */
    public Optional<Path> checkpointFile() {
        return Optional.ofNullable(checkpointFile);
    }

    public Optional<String> checkpointTable() {
        return Optional.ofNullable(checkpointTable);
    }

    public Path deadLetterFile() {
        return deadLetterFile;
    }

    public Optional<Path> reportFile() {
        return Optional.ofNullable(reportFile);
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxUnprocessedRetries() {
        return maxUnprocessedRetries;
    }

    public boolean consistentRead() {
        return consistentRead;
    }

    public PrintWriter log() {
        return log;
    }

    public boolean quiet() {
        return quiet;
    }

    /** How many workers share the job (each scans its share of the segments); empty: this run scans them all. */
    public Optional<Integer> workers() {
        return Optional.ofNullable(workers);
    }

    /** Which worker this run is, 0 to workers - 1 (0 without workers). */
    public int workerIndex() {
        return workerIndex;
    }

    /** Whether this run scans {@code segment}: every segment without workers, else those with segment % workers == workerIndex. */
    public boolean owns(int segment) {
        return workers == null || segment % workers == workerIndex;
    }

    /** How long this run may copy before it stops with its progress checkpointed; empty: until done. */
    public Optional<Duration> stopAfter() {
        return Optional.ofNullable(stopAfter);
    }

    /** Options of a copy; defaults: overwrite, segments from size, 8 scan threads, 32 writers, no cap. */
    public static final class Builder {
        private String sourceTable;
        private String targetTable;
        private WriteMode mode = WriteMode.OVERWRITE;
        private String versionAttribute;
        private Integer segments;
        private int scanThreads = 8;
        private int writeConcurrency = 32;
        private RateLimit rateLimit;
        private ItemTransform transform;
        private Path checkpointFile;
        private String checkpointTable;
        private Path deadLetterFile;
        private Path reportFile;
        private int pageSize = 500;
        private int maxUnprocessedRetries = 10;
        private boolean consistentRead;
        private PrintWriter log;
        private boolean quiet;
        private Integer workers;
        private Integer workerIndex;
        private Duration stopAfter;

        private Builder() {
        }

        public Builder sourceTable(String name) {
            this.sourceTable = name;
            return this;
        }

        public Builder targetTable(String name) {
            this.targetTable = name;
            return this;
        }

        public Builder mode(WriteMode mode) {
            this.mode = mode;
            return this;
        }

        /** The attribute newer-wins compares (a number or an ISO-8601 string timestamp). */
        public Builder versionAttribute(String attribute) {
            this.versionAttribute = attribute;
            return this;
        }

        public Builder segments(Integer segments) {
            this.segments = segments;
            return this;
        }

        /** How many segments are scanned at the same time. */
        public Builder scanThreads(int threads) {
            this.scanThreads = threads;
            return this;
        }

        /** How many write calls (BatchWriteItem or PutItem) are in flight at most. */
        public Builder writeConcurrency(int concurrency) {
            this.writeConcurrency = concurrency;
            return this;
        }

        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder transform(ItemTransform transform) {
            this.transform = transform;
            return this;
        }

        public Builder checkpointFile(Path file) {
            this.checkpointFile = file;
            return this;
        }

        /** A DynamoDB table in the target account (partition key "job", type S) holding the checkpoint instead of a file. */
        public Builder checkpointTable(String table) {
            this.checkpointTable = table;
            return this;
        }

        public Builder deadLetterFile(Path file) {
            this.deadLetterFile = file;
            return this;
        }

        public Builder reportFile(Path file) {
            this.reportFile = file;
            return this;
        }

        /** Items per Scan page (the Limit); a checkpoint advances a page at a time. */
        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /** Rounds of UnprocessedItems retries before the remaining items go to the dead-letter file. */
        public Builder maxUnprocessedRetries(int retries) {
            this.maxUnprocessedRetries = retries;
            return this;
        }

        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        /** Where progress and log lines go (default stderr). */
        public Builder log(PrintWriter log) {
            this.log = log;
            return this;
        }

        /** No progress output (the report is still written). */
        public Builder quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        /** Workers sharing the job through the checkpoint table (null: one run does everything). */
        public Builder workers(Integer workers) {
            this.workers = workers;
            return this;
        }

        /** This worker's index, 0 to workers - 1: it scans the segments s with s % workers == index. */
        public Builder workerIndex(Integer index) {
            this.workerIndex = index;
            return this;
        }

        /** Stop after this long with the progress checkpointed (the report then says moreToDo); null: run until done. */
        public Builder stopAfter(Duration stopAfter) {
            this.stopAfter = stopAfter;
            return this;
        }

        public DynamoDbCopyOptions build() {
            return new DynamoDbCopyOptions(this);
        }
    }
}
