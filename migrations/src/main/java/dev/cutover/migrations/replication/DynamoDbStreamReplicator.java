package dev.cutover.migrations.replication;

import dev.cutover.migrations.JobAbortedException;
import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.replication.internal.ApplyResult;
import dev.cutover.migrations.replication.internal.Change;
import dev.cutover.migrations.replication.internal.ChangeApplier;
import dev.cutover.migrations.replication.internal.LagMetrics;
import dev.cutover.migrations.replication.internal.ReplicationCheckpoint;
import dev.cutover.migrations.replication.internal.ReplicationCheckpointStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Follows a table's DynamoDB stream and applies every change to another table, in order per key: a put of the full
 * NewImage (through the copy's {@link dev.cutover.migrations.dynamodb.ItemTransform}), a delete for REMOVE. Parent shards
 * are read to their end before their children. Writes go out on key-hashed lanes ({@link ChangeApplier#applyInLanes}), so
 * pages overlap while each key's changes stay in order. Once every write of a page is done (pages complete in order), the
 * shard's last SequenceNumber of that page is saved in a checkpoint item of the new account, so a killed run resumes where
 * it stood: records applied but not yet checkpointed are applied again, which changes nothing (at-least-once delivery,
 * idempotent apply).
 *
 * <p>Snapshot and catch-up: {@link #recordPosition} saves the stream's current end as the checkpoint BEFORE the copy
 * starts; after the copy, {@link #replicate} applies everything written since. Every item the copy read is at least as
 * new as the position, and every change after the position is replayed in order, so the target converges without a
 * version attribute.
 *
 * <p>Build the clients once per process; the source ones with the legacy account's credentials (the cross-account role),
 * the checkpoint client with the new account's.
 */
public final class DynamoDbStreamReplicator {
    private static final Set<String> IMAGE_VIEWS = Set.of("NEW_IMAGE", "NEW_AND_OLD_IMAGES");
    private static final int PAGE = 1000;
    /** Pages whose writes may be on the lanes at once, beyond the one just read (bounds memory and checkpoint distance). */
    private static final int PAGES_IN_FLIGHT = 2;

    private final DynamoDbClient source;
    private final DynamoDbStreamsClient streams;
    private final DynamoDbClient target;
    private final DynamoDbClient checkpoints;

    public DynamoDbStreamReplicator(DynamoDbClient source, DynamoDbStreamsClient streams, DynamoDbClient target,
            DynamoDbClient checkpoints) {
        this.source = source;
        this.streams = streams;
        this.target = target;
        this.checkpoints = checkpoints;
    }

    /**
     * Saves the stream's current end as the job's position (closed shards done, open shards read to their end without
     * applying anything). Keeps a position already saved for the same stream: a copy resumed after a crash needs the
     * position from before its first run. Returns when the kept or recorded position was taken.
     */
    public Instant recordPosition(ReplicationOptions o) {
        String arn = streamArn(o.sourceTable());
        ReplicationCheckpointStore store = store(o);
        store.ensureTable(o.log());
        Optional<ReplicationCheckpoint> existing = store.load();
        if (existing.isPresent() && existing.get().streamArn().equals(arn)) {
            log(o, "{\"event\":\"position-kept\",\"job\":\"" + job(o) + "\",\"positionRecordedAt\":\""
                    + existing.get().positionRecordedAt() + "\"}");
            return existing.get().positionRecordedAt();
        }
        ReplicationCheckpoint cp = new ReplicationCheckpoint(arn, o.clock().instant());
        for (Shard shard : shards(arn)) {
            if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
                cp.addShard(shard.shardId(), shard.parentShardId(), shard.sequenceNumberRange().endingSequenceNumber(), true);
            } else {
                String[] end = readToEnd(arn, shard.shardId());
                cp.addShard(shard.shardId(), shard.parentShardId(), end[0], end[1] != null);
            }
        }
        store.save(cp);
        log(o, "{\"event\":\"position-recorded\",\"job\":\"" + job(o) + "\",\"streamArn\":\"" + arn + "\",\"shards\":"
                + cp.shards().size() + ",\"positionRecordedAt\":\"" + cp.positionRecordedAt() + "\"}");
        return cp.positionRecordedAt();
    }

    /** Applies the stream's changes from the checkpoint on, until caught up or, in FOLLOW mode, until the thread is interrupted. */
    public ReplicationReport replicate(ReplicationOptions o) {
        String arn = streamArn(o.sourceTable());
        try {
            target.describeTable(r -> r.tableName(o.targetTable()));
        } catch (ResourceNotFoundException e) {
            throw new PreflightException("target table " + o.targetTable() + " does not exist: create it (same key schema) and copy "
                    + "the table first (migrate dynamodb --replicate does both steps in order)", e);
        }
        ReplicationCheckpointStore store = store(o);
        store.ensureTable(o.log());
        ReplicationCheckpoint cp = store.load().orElseGet(() -> {
            if (!o.fromTrimHorizon()) {
                throw new PreflightException("no replication position for job '" + job(o) + "' in checkpoint table "
                        + o.checkpointTable() + ". Record it BEFORE the copy (replicate dynamodb --record-position, then migrate "
                        + "dynamodb; or migrate dynamodb --replicate, which does both), or, if the copy started after the oldest "
                        + "record the stream keeps (24 hours), start from there with --from-trim-horizon");
            }
            return new ReplicationCheckpoint(arn, o.clock().instant());
        });
        if (!cp.streamArn().equals(arn)) {
            throw new StreamTrimmedException(cp.safeSince(), "the stream of " + o.sourceTable() + " changed (checkpoint: "
                    + cp.streamArn() + ", table now: " + arn + "): it was disabled and enabled again, and the old one's records "
                    + "cannot be followed into the new one", store.describe(), null);
        }
        // Writes go out on writeThreads lanes (one thread each; a key always on the same lane, so its writes keep their
        // order across pages); one more thread reads the shard's next page meanwhile.
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> thread(r, "replicator-read-" + o.sourceTable()));
        List<ExecutorService> lanes = new ArrayList<>();
        for (int i = 0; i < o.writeThreads(); i++) {
            String name = "replicator-lane-" + i + "-" + o.sourceTable();
            lanes.add(Executors.newSingleThreadExecutor(r -> thread(r, name)));
        }
        try {
            ChangeApplier applier = new ChangeApplier(target, o.targetTable(), o.transform(), o.maxUnprocessedRetries());
            return new Run(o, store, cp, applier, arn, pool, lanes).execute();
        } finally {
            pool.shutdownNow();
            lanes.forEach(ExecutorService::shutdownNow);
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The job's status from its checkpoint item, if there is one. */
    public static Optional<ReplicationStatus> status(DynamoDbClient checkpoints, String checkpointTable, String sourceTable,
            String targetTable) {
        String job = ReplicationCheckpointStore.jobId(sourceTable, targetTable);
        return new ReplicationCheckpointStore(checkpoints, checkpointTable, job).load().map(cp -> new ReplicationStatus(job,
                cp.streamArn(), cp.positionRecordedAt(), cp.appliedRecords(), cp.lastAppliedSequence(), cp.lastAppliedShard(),
                (int) cp.shards().values().stream().filter(s -> !s.isDone()).count(), cp.newestRecordTime(), cp.lagMillis(),
                cp.isCaughtUp(), cp.updatedAt()));
    }

    private ReplicationCheckpointStore store(ReplicationOptions o) {
        return new ReplicationCheckpointStore(checkpoints, o.checkpointTable(), job(o));
    }

    private static String job(ReplicationOptions o) {
        return ReplicationCheckpointStore.jobId(o.sourceTable(), o.targetTable());
    }

    /** The table's latest stream, refused unless it carries new images. */
    private String streamArn(String table) {
        TableDescription t;
        try {
            t = source.describeTable(r -> r.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            throw new PreflightException("source table " + table + " does not exist", e);
        }
        StreamSpecification spec = t.streamSpecification();
        if (t.latestStreamArn() == null || spec == null || !Boolean.TRUE.equals(spec.streamEnabled())) {
            throw new PreflightException("table " + table + " has no DynamoDB stream enabled. Enable one with new images: aws dynamodb "
                    + "update-table --table-name " + table
                    + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
        }
        String view = spec.streamViewTypeAsString();
        if (!IMAGE_VIEWS.contains(view)) {
            throw new PreflightException("the stream of table " + table + " has StreamViewType " + view + ": its records carry no new "
                    + "image, so the replicator cannot rebuild items from them; it needs NEW_IMAGE or NEW_AND_OLD_IMAGES. A stream's view "
                    + "type cannot be changed: disable the stream, enable it again with NEW_AND_OLD_IMAGES (a new stream), then record a "
                    + "new position and copy again (migrate dynamodb --replicate)");
        }
        return t.latestStreamArn();
    }

    /** Every shard of the stream (DescribeStream, paged). */
    private List<Shard> shards(String arn) {
        List<Shard> all = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            DescribeStreamResponse r = streams.describeStream(b -> b.streamArn(arn).exclusiveStartShardId(from));
            all.addAll(r.streamDescription().shards());
            start = r.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        return all;
    }

    /** Reads an open shard to its current end without applying anything: {last sequence or null, "closed" or null}. */
    private String[] readToEnd(String arn, String shardId) {
        String last = null;
        String it = streams.getShardIterator(r -> r.streamArn(arn).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        while (true) {
            String current = it;
            GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(current).limit(PAGE));
            if (page.hasRecords() && !page.records().isEmpty()) {
                last = page.records().get(page.records().size() - 1).dynamodb().sequenceNumber();
            }
            if (page.nextShardIterator() == null) {
                return new String[] {last, "closed"};
            }
            if (!page.hasRecords() || page.records().isEmpty()) {
                return new String[] {last, null};
            }
            it = page.nextShardIterator();
        }
    }

    /** A stream record as a change; records without a new image (a KEYS_ONLY or OLD_IMAGE stream) are refused. */
    static Change change(Record r, String table) {
        var d = r.dynamodb();
        boolean remove = r.eventName() == OperationType.REMOVE;
        if (!remove && !d.hasNewImage()) {
            throw new MigrationException("stream record " + d.sequenceNumber() + " of table " + table + " (" + r.eventNameAsString()
                    + ") carries no NewImage (StreamViewType " + d.streamViewTypeAsString() + "); the replicator needs NEW_IMAGE or "
                    + "NEW_AND_OLD_IMAGES");
        }
        return new Change(d.sequenceNumber(), d.approximateCreationDateTime(), d.keys(), remove ? null : d.newImage());
    }

    /** A page whose writes are on the lanes: what the checkpoint records once they are all done. */
    private record PendingPage(String shard, String lastSequence, Instant newest, int records, CompletableFuture<ApplyResult> applied) {
    }

    /** One run: the loop over passes, counters, status lines. */
    private final class Run {
        private final java.util.ArrayDeque<PendingPage> inFlight = new java.util.ArrayDeque<>();
        private final ReplicationOptions o;
        private final ReplicationCheckpointStore store;
        private final ReplicationCheckpoint cp;
        private final ChangeApplier applier;
        private final String arn;
        private final LagMetrics metrics;
        private final ExecutorService pool;
        private final List<ExecutorService> lanes;
        private long records;
        private long puts;
        private long deletes;
        private long unprocessedRetries;
        private int shardsCompleted;
        private long recordsSinceStatus;
        private long lastStatusNanos = System.nanoTime();

        Run(ReplicationOptions o, ReplicationCheckpointStore store, ReplicationCheckpoint cp, ChangeApplier applier, String arn,
                ExecutorService pool, List<ExecutorService> lanes) {
            this.o = o;
            this.pool = pool;
            this.lanes = lanes;
            this.store = store;
            this.cp = cp;
            this.applier = applier;
            this.arn = arn;
            this.metrics = new LagMetrics(o.log());
        }

        ReplicationReport execute() {
            boolean caughtUp = false;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    boolean progressed = pass();
                    if (progressed) {
                        caughtUp = false;
                        statusIfDue(false);
                        continue;
                    }
                    if (!caughtUp) {
                        caughtUp = true;
                        cp.caughtUp(o.clock().instant());
                        store.save(cp);
                        statusIfDue(true);
                    } else {
                        // Heartbeat: the flags guard counts the checkpoint's age as lag (a stopped replicator catches
                        // nothing up), so a follower that is idle and caught up says so at every poll.
                        cp.caughtUp(o.clock().instant());
                        store.save(cp);
                    }
                    if (o.mode() == ReplicationMode.UNTIL_CAUGHT_UP) {
                        break;
                    }
                    statusIfDue(false);
                    Thread.sleep(o.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SdkException e) {
                throw new JobAbortedException("replication of " + o.sourceTable() + " to " + o.targetTable() + " stopped: " + e.getMessage()
                        + ". Everything up to the checkpoint (" + store.describe() + ") is applied: run the same command again to resume",
                        e);
            }
            return new ReplicationReport(o.sourceTable(), o.targetTable(), store.describe(), records, puts, deletes, unprocessedRetries,
                    shardsCompleted, caughtUp, cp.lagMillis(), cp.lastAppliedSequence(), o.clock().instant());
        }

        /** Describes the stream, then reads every shard whose parent is done to its current end; true if anything moved. */
        private boolean pass() {
            List<Shard> described = shards(arn);
            Map<String, Shard> byId = new LinkedHashMap<>();
            described.forEach(s -> byId.put(s.shardId(), s));
            cp.shards().forEach((id, state) -> {
                if (!state.isDone() && !byId.containsKey(id)) {
                    throw trimmed("shard " + id + " (checkpoint: sequence " + state.lastSequence() + ") is gone from the stream before it "
                            + "was read to its end: its records passed the stream's retention", null);
                }
            });
            boolean fresh = cp.shards().isEmpty();
            boolean progressed = false;
            for (Shard s : described) {
                if (cp.shard(s.shardId()) != null) {
                    continue;
                }
                String parent = s.parentShardId();
                if (!fresh && parent != null && cp.shard(parent) == null && !byId.containsKey(parent)) {
                    throw trimmed("shard " + s.shardId() + " descends from shard " + parent + ", which this job never read and which is "
                            + "gone from the stream (retention passed)", null);
                }
                cp.addShard(s.shardId(), parent, null, false);
                progressed = true;
            }
            cp.shards().entrySet().removeIf(e -> e.getValue().isDone() && !byId.containsKey(e.getKey()));
            List<Shard> ordered = new ArrayList<>(described);
            ordered.sort(Comparator.comparing(s -> new BigInteger(s.sequenceNumberRange().startingSequenceNumber())));
            for (Shard s : ordered) {
                ReplicationCheckpoint.ShardState state = cp.shard(s.shardId());
                if (state.isDone()) {
                    continue;
                }
                ReplicationCheckpoint.ShardState parent = state.parentId() == null ? null : cp.shard(state.parentId());
                if (parent != null && !parent.isDone()) {
                    continue;
                }
                progressed |= readShard(s, state);
            }
            return progressed;
        }

        /** Applies a shard's records from its checkpoint to its current end; true if it applied any or finished the shard. */
        private boolean readShard(Shard s, ReplicationCheckpoint.ShardState state) {
            String id = s.shardId();
            String it = iterator(s, state);
            boolean moved = false;
            // The next page, read while this one is applied (reads change nothing, so a read that is never used is harmless).
            CompletableFuture<GetRecordsResponse> next = null;
            while (true) {
                GetRecordsResponse page;
                try {
                    String current = it;
                    page = next != null ? joinRead(next) : streams.getRecords(r -> r.shardIterator(current).limit(PAGE));
                } catch (ExpiredIteratorException e) {
                    next = null;
                    it = iterator(s, state);
                    continue;
                } catch (TrimmedDataAccessException e) {
                    throw trimmed("the records of shard " + id + " after sequence " + state.lastSequence() + " were trimmed", e);
                }
                next = null;
                List<Record> got = page.hasRecords() ? page.records() : List.of();
                boolean end = page.nextShardIterator() == null;
                if (!got.isEmpty() && !end) {
                    String following = page.nextShardIterator();
                    next = CompletableFuture.supplyAsync(() -> streams.getRecords(r -> r.shardIterator(following).limit(PAGE)), pool);
                }
                if (!got.isEmpty()) {
                    List<Change> changes = got.stream().map(r -> change(r, o.sourceTable())).toList();
                    Instant newest = changes.stream().map(Change::created).max(Comparator.naturalOrder()).orElseThrow();
                    inFlight.add(new PendingPage(id, changes.get(changes.size() - 1).sequenceNumber(), newest, changes.size(),
                            applier.applyInLanes(changes, lanes)));
                    moved = true;
                    // Pages stay in flight on the lanes while the next ones are read; the checkpoint follows the oldest page
                    // whose writes are all done, so it never passes a write that is not applied.
                    while (inFlight.size() > PAGES_IN_FLIGHT) {
                        completeOldest();
                    }
                }
                if (end || got.isEmpty()) {
                    while (!inFlight.isEmpty()) {
                        completeOldest();
                    }
                }
                if (end) {
                    cp.markDone(id);
                    shardsCompleted++;
                    moved = true;
                    store.save(cp);
                    statusIfDue(false);
                }
                if (end || got.isEmpty()) {
                    return moved;
                }
                it = page.nextShardIterator();
            }
        }

        /** Waits for the oldest page in flight, then records it in the checkpoint and saves it; throws if a write failed. */
        private void completeOldest() {
            PendingPage p = inFlight.removeFirst();
            ApplyResult result = joinApply(p.applied());
            unprocessedRetries += result.unprocessedRetries();
            if (!result.isComplete()) {
                throw new JobAbortedException("replication of " + o.sourceTable() + " to " + o.targetTable() + " stopped: "
                        + result.failure() + ". The checkpoint stays before these records (" + store.describe()
                        + "): run the same command again to resume", null);
            }
            cp.applied(p.shard(), p.lastSequence(), p.newest(), p.records(), o.clock().instant());
            records += p.records();
            recordsSinceStatus += p.records();
            puts += result.puts();
            deletes += result.deletes();
            store.save(cp);
            statusIfDue(false);
        }

        private ApplyResult joinApply(CompletableFuture<ApplyResult> applied) {
            try {
                return applied.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        private GetRecordsResponse joinRead(CompletableFuture<GetRecordsResponse> read) {
            try {
                return read.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        private String iterator(Shard s, ReplicationCheckpoint.ShardState state) {
            try {
                if (state.lastSequence() != null) {
                    return streams.getShardIterator(r -> r.streamArn(arn).shardId(s.shardId())
                            .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(state.lastSequence()))
                            .shardIterator();
                }
                try {
                    // AT its first record rather than TRIM_HORIZON: if that record was trimmed, this says so instead of skipping.
                    return streams.getShardIterator(r -> r.streamArn(arn).shardId(s.shardId())
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                            .sequenceNumber(s.sequenceNumberRange().startingSequenceNumber())).shardIterator();
                } catch (TrimmedDataAccessException e) {
                    throw e;
                } catch (DynamoDbException e) {
                    if (e.awsErrorDetails() == null || !"ValidationException".equals(e.awsErrorDetails().errorCode())) {
                        throw e;
                    }
                    // An open shard without records yet: nothing to skip.
                    return streams.getShardIterator(r -> r.streamArn(arn).shardId(s.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                }
            } catch (TrimmedDataAccessException e) {
                throw trimmed("the records of shard " + s.shardId() + " after sequence " + state.lastSequence() + " were trimmed", e);
            } catch (ResourceNotFoundException e) {
                throw trimmed("shard " + s.shardId() + " is gone from the stream", e);
            }
        }

        private StreamTrimmedException trimmed(String detail, Throwable cause) {
            return new StreamTrimmedException(cp.safeSince(), "the legacy stream of " + o.sourceTable() + " no longer holds the records "
                    + "after this job's checkpoint: " + detail, store.describe(), cause);
        }

        private void statusIfDue(boolean force) {
            long now = System.nanoTime();
            if (!force && (o.statusInterval().isZero() || now - lastStatusNanos < o.statusInterval().toNanos())) {
                return;
            }
            lastStatusNanos = now;
            log(o, "{\"event\":\"replication-status\",\"sourceTable\":\"" + o.sourceTable() + "\",\"targetTable\":\"" + o.targetTable()
                    + "\",\"records\":" + records + ",\"lagMillis\":" + cp.lagMillis() + ",\"caughtUp\":" + cp.isCaughtUp()
                    + ",\"lastAppliedSequence\":"
                    + (cp.lastAppliedSequence() == null ? "null" : "\"" + cp.lastAppliedSequence() + "\"")
                    + ",\"at\":\"" + o.clock().instant() + "\"}");
            if (o.metrics()) {
                metrics.emit(o.sourceTable(), cp.lagMillis(), recordsSinceStatus);
            }
            recordsSinceStatus = 0;
        }
    }

    private static void log(ReplicationOptions o, String line) {
        o.log().println(line);
        o.log().flush();
    }
}
