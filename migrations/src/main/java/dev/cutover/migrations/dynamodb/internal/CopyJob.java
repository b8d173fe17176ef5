package dev.cutover.migrations.dynamodb.internal;

import dev.cutover.migrations.JobAbortedException;
import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.RateLimit;
import dev.cutover.migrations.dynamodb.WriteMode;
import dev.cutover.migrations.internal.AdaptiveRateLimiter;
import dev.cutover.migrations.internal.AwsErrors;
import dev.cutover.migrations.internal.CallMetrics;
import dev.cutover.migrations.internal.Progress;
import dev.cutover.migrations.internal.RetryEvents;
import dev.cutover.migrations.internal.RetryPolicies;
import dev.cutover.migrations.internal.Ticker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One run of a table copy: preflight, checkpoint, parallel scan, paced writes, report.
 *
 * <p>Retries, in one layer each: the SDK's standard retry mode retries every call (throttling, 5xx,
 * timeouts). This class retries only what the SDK cannot see as an error: the UnprocessedItems of a
 * BatchWriteItem that succeeded partially, through the resilience4j Retry
 * {@value RetryPolicies#UNPROCESSED_ITEMS} ({@code retryOnResult}, exponential backoff with jitter); items still
 * unprocessed after {@code maxUnprocessedRetries} retries go to the dead-letter file. The Retry runs asynchronously
 * (its waits are timers, its re-sends have their own threads) and each segment scans ahead of its pages' writes, a
 * bounded number of pages, so one batch backing off stalls neither a writer thread nor its segment's scan; a segment's
 * checkpoint still advances only over pages whose every item is written or dead-lettered. A batch DynamoDB refuses
 * with ValidationException is not retried (the same request would fail the same way): its items are written
 * one by one, and the invalid ones go to the dead-letter file. A call that fails after the SDK's retries (a table throttled for
 * minutes, an endpoint down) stops the job; the checkpoint lets the same command resume.
 */
public final class CopyJob {
    private static final int BATCH = 25;
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
    /**
     * Pages each scan thread may have in flight (scanned, not yet committed): enough for the scan to go on while a
     * page's slowest batch backs off for seconds, few enough that memory stays bounded (4 x 500 items a thread).
     */
    private static final int PAGES_IN_FLIGHT_PER_SCANNER = 4;

    private final DynamoDbClient source;
    private final DynamoDbClient target;
    private final DynamoDbCopyOptions options;
    private final RetryConfig unprocessedRetry;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicLong thisRunItems = new AtomicLong();

    private AdaptiveRateLimiter limiter;
    private CallMetrics sourceMetrics;
    private CallMetrics targetMetrics;
    private CheckpointStore store;
    private Checkpoint checkpoint;
    private AtomicReferenceArray<Checkpoint.Segment> state;
    private DeadLetterFile deadLetters;
    private ExecutorService writers;
    private ExecutorService resenders;
    private ScheduledExecutorService retryScheduler;
    private Semaphore inFlight;
    private int inFlightCapacity;
    private Progress progress;
    private TableInfo targetInfo;
    private boolean hasDeadline;
    private long deadline;

    public CopyJob(DynamoDbClient source, DynamoDbClient target, DynamoDbCopyOptions options) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.unprocessedRetry = RetryPolicies.unprocessedItems(options.maxUnprocessedRetries(), "maxUnprocessedRetries");
    }

    public CopyReport run() {
        long started = System.nanoTime();
        TableInfo sourceInfo = TablePreflight.describe(source, options.sourceTable(), TablePreflight.Side.SOURCE);
        targetInfo = TablePreflight.describe(target, options.targetTable(), TablePreflight.Side.TARGET);
        TablePreflight.checkKeySchemas(sourceInfo, targetInfo, options.transform());
        TablePreflight.probeRead(source, sourceInfo, TablePreflight.Side.SOURCE);
        TablePreflight.probeRead(target, targetInfo, TablePreflight.Side.TARGET);
        TablePreflight.probeWrite(target, targetInfo);

        store = checkpointStore();
        boolean resumed = false;
        for (int attempt = 0; checkpoint == null; attempt++) {
            Optional<Checkpoint> saved = store.load();
            int segments = options.segments()
                    .orElseGet(() -> saved.map(c -> c.job().totalSegments())
                            .orElseGet(() -> Math.max(options.workers().orElse(1),
                                    Segments.derive(sourceInfo.sizeBytes(), sourceInfo.itemCount(), options.scanThreads()))));
            Checkpoint.Job job = new Checkpoint.Job(options.sourceTable(), options.targetTable(), options.mode().id(),
                    options.versionAttribute().orElse(""), segments, options.transform().describe());
            if (saved.isPresent() && !saved.get().job().equals(job)) {
                throw new CheckpointException(store.describe(), "belongs to a different job (" + saved.get().job() + ", this run is " + job
                        + "). Nothing was written. Run the original command to resume it, or give this job its own --checkpoint");
            }
            if (saved.isPresent()) {
                resumed = true;
                checkpoint = saved.get();
            } else {
                Checkpoint fresh = Checkpoint.fresh(job, Instant.now());
                if (store.create(fresh)) {
                    checkpoint = fresh;
                } else if (attempt > 0) {
                    throw new CheckpointException(store.describe(), "was created by another worker but cannot be read back; run again");
                }
            }
        }
        int segments = checkpoint.job().totalSegments();
        if (segments < options.workers().orElse(1)) {
            throw new CheckpointException(store.describe(), "has " + segments + " segments, fewer than --workers "
                    + options.workers().get() + ". Nothing was written. Use at most " + segments + " workers");
        }
        options.log().println(String.format(Locale.ROOT,
                "preflight ok source=%s target=%s keys=%s items~%d size~%dB segments=%d mode=%s rate=%s "
                + "checkpoint=%s resumed=%s%s", sourceInfo.name(), targetInfo.name(), targetInfo.describeKeys().replace(' ', '_'),
                sourceInfo.itemCount(), sourceInfo.sizeBytes(), segments, options.mode().id(),
                options.rateLimit().map(RateLimit::toString).orElse("unlimited").replace(' ', '_'), store.describe().replace(' ', '_'),
                resumed, options.workers().map(n -> " worker=" + options.workerIndex() + "/" + n).orElse("")));
        if (isDone(checkpoint)) {
            return report("already-complete", resumed, started);
        }
        hasDeadline = options.stopAfter().isPresent();
        deadline = started + options.stopAfter().map(java.time.Duration::toNanos).orElse(0L);

        RateLimit rate = options.rateLimit().orElse(null);
        limiter = rate == null ? AdaptiveRateLimiter.unlimited()
                : new AdaptiveRateLimiter(rate.perSecond(), Math.max(1, rate.perSecond() / 100), Ticker.SYSTEM);
        sourceMetrics = new CallMetrics(limiter);
        targetMetrics = new CallMetrics(limiter);
        state = new AtomicReferenceArray<>(checkpoint.segments().toArray(new Checkpoint.Segment[0]));
        deadLetters = new DeadLetterFile(options.deadLetterFile());
        writers = Executors.newFixedThreadPool(options.writeConcurrency(), daemon("copy-writer"));
        // Re-sends of UnprocessedItems get their own threads: queued behind the first sends (which wait for the limiter),
        // each retry round would wait for every page in flight.
        resenders = Executors.newFixedThreadPool(options.writeConcurrency(), daemon("copy-resend"));
        retryScheduler = Executors.newSingleThreadScheduledExecutor(daemon("copy-retry-timer"));
        int scanThreads = Math.min(options.scanThreads(), segments);
        inFlightCapacity = options.pageSize() * PAGES_IN_FLIGHT_PER_SCANNER * scanThreads;
        inFlight = new Semaphore(inFlightCapacity);
        ExecutorService scanners = Executors.newFixedThreadPool(scanThreads, daemon("copy-scan"));
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(daemon("copy-checkpoint"));
        progress = Progress.create("copy " + options.sourceTable() + " -> " + options.targetTable(), sourceInfo.itemCount(),
                options.log(), options.quiet());
        progress.advance(totals(checkpoint).scanned());
        dirty.set(true); // the first save also records a worker's not-started segments
        try {
            long every = CHECKPOINT_EVERY.toMillis();
            flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                if (options.owns(i) && !state.get(i).done()) {
                    int segment = i;
                    running.add(scanners.submit(() -> runSegment(segment)));
                }
            }
            for (Future<?> f : running) {
                await(f);
            }
            awaitPages();
        } finally {
            scanners.shutdownNow();
            writers.shutdownNow();
            resenders.shutdownNow();
            retryScheduler.shutdownNow();
            flusher.shutdown(); // no interrupt: a checkpoint being written must finish (an interrupt closes its FileChannel)
            awaitTermination(flusher);
            progress.close();
            flush();
            deadLetters.close();
        }
        Throwable failed = failure.get();
        if (failed != null) {
            if (failed instanceof MigrationException m) {
                throw m;
            }
            throw new JobAbortedException("copy " + options.sourceTable() + " -> " + options.targetTable() + " stopped: "
                    + AwsErrors.describe(failed) + ". Progress is saved in " + store.describe()
                    + "; run the same command again to resume.", failed);
        }
        Checkpoint last = snapshot();
        if (!isDone(last)) {
            return report("more-to-do", resumed, started);
        }
        return report(totals(last).deadLettered() > 0 ? "completed-with-dead-letters" : "completed", resumed, started);
    }

    private CopyReport report(String status, boolean resumed, long started) {
        Checkpoint c = state == null ? checkpoint : snapshot();
        Checkpoint.Counts t = totals(c);
        return new CopyReport(status, options.sourceTable(), options.targetTable(), options.mode(), c.job().totalSegments(), resumed,
                t.scanned(), t.written(), t.skipped(), t.filtered(), t.deadLettered(), t.unprocessedRetries(),
                sourceMetrics == null ? 0 : sourceMetrics.retries() + targetMetrics.retries(),
                sourceMetrics == null ? 0 : sourceMetrics.throttles(), targetMetrics == null ? 0 : targetMetrics.throttles(),
                Duration.ofNanos(System.nanoTime() - started), thisRunItems.get(), options.deadLetterFile(), store.describe(),
                options.workers().orElse(null), options.workerIndex(), ownedSegments(c));
    }

    private CheckpointStore checkpointStore() {
        String jobId = options.sourceTable() + "->" + options.targetTable();
        if (options.workers().isPresent()) {
            return new SegmentTableCheckpointStore(target, options.checkpointTable().get(), jobId, options.workers().get(),
                    options.workerIndex(), options::owns);
        }
        return options.checkpointTable().<CheckpointStore>map(t -> new DynamoDbCheckpointStore(target, t, jobId))
                .orElseGet(() -> new FileCheckpointStore(options.checkpointFile().get()));
    }

    /** Whether this run's segments (all of them without workers) are done. */
    private boolean isDone(Checkpoint c) {
        return c.segments().stream().filter(s -> options.owns(s.segment())).allMatch(Checkpoint.Segment::done);
    }

    /** The counts of this run's segments: the whole job's without workers, this worker's share with them. */
    private Checkpoint.Counts totals(Checkpoint c) {
        Checkpoint.Counts total = Checkpoint.Counts.ZERO;
        for (Checkpoint.Segment s : c.segments()) {
            if (options.owns(s.segment())) {
                total = total.plus(s.counts());
            }
        }
        return total;
    }

    private int ownedSegments(Checkpoint c) {
        return (int) c.segments().stream().filter(s -> options.owns(s.segment())).count();
    }

    /** Past --stop-after; but a run always copies a page first, so that bounded reruns make progress however slow their start. */
    private boolean pastDeadline() {
        return hasDeadline && System.nanoTime() - deadline > 0 && thisRunItems.get() > 0;
    }

    /**
     * Scans one segment and hands each page to the writers without waiting for it: the scan goes on while earlier pages
     * still have batches backing off. The pages in flight are bounded ({@link #inFlight}); the segment's checkpoint
     * advances only over the pages at its head that are completely written or dead-lettered ({@link SegmentWrites}).
     */
    private void runSegment(int segment) {
        SegmentWrites writes = new SegmentWrites(segment);
        try {
            Map<String, AttributeValue> startKey = state.get(segment).lastEvaluatedKey();
            while (failure.get() == null && !pastDeadline()) {
                if (!acquirePage()) {
                    return;
                }
                Map<String, AttributeValue> exclusiveStart = startKey;
                ScanResponse page;
                try {
                    page = source.scan(r -> r.tableName(options.sourceTable()).segment(segment)
                            .totalSegments(state.length()).limit(options.pageSize()).consistentRead(options.consistentRead())
                            .exclusiveStartKey(exclusiveStart).overrideConfiguration(sourceMetrics.override()));
                } catch (RuntimeException e) {
                    inFlight.release(options.pageSize());
                    throw e;
                }
                Map<String, AttributeValue> next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
                PageWrite pageWrite = new PageWrite(page.items().size(), next);
                writes.add(pageWrite);
                CompletableFuture<Checkpoint.Counts> written;
                try {
                    written = writePage(page.items());
                } catch (RuntimeException e) {
                    inFlight.release(options.pageSize());
                    throw e;
                }
                written.whenComplete((counts, error) -> {
                    try {
                        if (error != null) {
                            // the page stays uncommitted, and so do the ones behind it; a resumed run writes them again
                            Throwable cause = unwrap(error);
                            if (!(cause instanceof PageAbandonedException)) {
                                failure.compareAndSet(null, cause);
                            }
                        } else {
                            writes.finished(pageWrite, counts);
                        }
                    } finally {
                        inFlight.release(options.pageSize());
                    }
                });
                if (next == null) {
                    return;
                }
                startKey = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits for room for one more page in flight; false once the job has failed. */
    private boolean acquirePage() throws InterruptedException {
        while (!inFlight.tryAcquire(options.pageSize(), 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                return false;
            }
        }
        return true;
    }

    /** Waits until every page handed to the writers is committed or has failed (or the job has failed). */
    private void awaitPages() {
        try {
            while (!inFlight.tryAcquire(inFlightCapacity, 100, TimeUnit.MILLISECONDS)) {
                if (failure.get() != null) {
                    return;
                }
            }
            inFlight.release(inFlightCapacity);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new JobAbortedException("interrupted", e));
        }
    }

    /** Starts writing one scanned page; the future completes with what happened to its items once all are settled. */
    private CompletableFuture<Checkpoint.Counts> writePage(List<Map<String, AttributeValue>> items) {
        List<Map<String, AttributeValue>> toWrite = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> out = options.transform().apply(item);
            if (out != null) {
                toWrite.add(out);
            }
        }
        PageTally tally = new PageTally();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        if (options.mode() == WriteMode.OVERWRITE) {
            for (int i = 0; i < toWrite.size(); i += BATCH) {
                writes.add(writeBatch(toWrite.subList(i, Math.min(toWrite.size(), i + BATCH)), tally));
            }
        } else {
            for (Map<String, AttributeValue> item : toWrite) {
                writes.add(onWriters(() -> putConditionally(item, tally)));
            }
        }
        int filtered = items.size() - toWrite.size();
        return CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> new Checkpoint.Counts(items.size(), tally.written.get(), tally.skipped.get(), filtered,
                        tally.deadLettered.get(), tally.unprocessedRetries.get()));
    }

    /**
     * Writes one batch of up to 25 items. One Retry per batch (the config is the job's): its events are this batch's
     * retries, counted into the page. The Retry runs asynchronously: between attempts it waits on {@link #retryScheduler}
     * (a timer, no thread asleep), then re-sends on {@link #resenders}, so a batch backing off holds no writer thread and
     * no scan. UnprocessedItems slow down only this batch (the Retry's backoff), not the job's pace: a steady share of
     * unprocessed items would otherwise halve the limiter window after window down to its floor (it creeps back up only
     * in windows without any throttle). Throttling errors still slow the job through the SDK's call metrics.
     */
    private CompletableFuture<Void> writeBatch(List<Map<String, AttributeValue>> items, PageTally tally) {
        List<WriteRequest> requests = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        Retry retry = Retry.of(RetryPolicies.UNPROCESSED_ITEMS, unprocessedRetry);
        RetryEvents events = RetryEvents.of(retry);
        AtomicReference<List<WriteRequest>> pending = new AtomicReference<>(requests);
        AtomicBoolean first = new AtomicBoolean(true);
        // Each attempt sends what is still pending and returns what DynamoDB left unprocessed; the Retry waits and
        // re-sends while that is not empty, and hands back the last remainder once its attempts are used up.
        Supplier<CompletionStage<List<WriteRequest>>> attempt = () -> {
            boolean firstSend = first.getAndSet(false);
            try {
                return CompletableFuture.supplyAsync(() -> sendBatch(pending, firstSend, tally), firstSend ? writers : resenders);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new JobAbortedException("the copy is stopping", e));
            }
        };
        return retry.executeCompletionStage(retryScheduler, attempt).toCompletableFuture()
                .handle((unprocessed, error) -> {
                    tally.unprocessedRetries.addAndGet(events.retries());
                    if (error == null) {
                        for (WriteRequest w : unprocessed) {
                            deadLetters.write(w.putRequest().item(),
                                    "UnprocessedItems after " + options.maxUnprocessedRetries() + " retries");
                            tally.deadLettered.incrementAndGet();
                        }
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    Throwable cause = unwrap(error);
                    if (cause instanceof DynamoDbException e && isInvalidItem(e)) {
                        // One bad item fails the whole batch: find it by writing the items one by one.
                        List<WriteRequest> left = pending.get();
                        return onWriters(() -> {
                            for (WriteRequest w : left) {
                                putOne(w.putRequest().item(), tally);
                            }
                        });
                    }
                    return CompletableFuture.<Void>failedFuture(cause);
                })
                .thenCompose(f -> f);
    }

    /**
     * One BatchWriteItem attempt of the pending requests; returns (and leaves pending) what DynamoDB did not process.
     * Only the first send takes permits from the limiter: the rate caps items written (or WCU spent), and an item
     * DynamoDB left unprocessed was not written and spent nothing, so its re-send uses the permit it already took.
     */
    private List<WriteRequest> sendBatch(AtomicReference<List<WriteRequest>> pending, boolean firstSend, PageTally tally) {
        List<WriteRequest> sending = pending.get();
        if (firstSend) {
            try {
                acquire(permits(sending.stream().map(w -> w.putRequest().item()).toList()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobAbortedException("interrupted", e);
            }
        } else if (pastDeadline()) {
            throw PageAbandonedException.INSTANCE;
        }
        BatchWriteItemResponse response = target.batchWriteItem(r -> r.requestItems(Map.of(options.targetTable(), sending))
                .overrideConfiguration(targetMetrics.override()));
        List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(options.targetTable(), List.of());
        tally.written.addAndGet(sending.size() - unprocessed.size());
        pending.set(unprocessed);
        return unprocessed;
    }

    /** Runs {@code write} on a writer thread. */
    private CompletableFuture<Void> onWriters(Write write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            writers.execute(() -> {
                try {
                    write.run();
                    done.complete(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    done.completeExceptionally(new JobAbortedException("interrupted", e));
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new JobAbortedException("the copy is stopping", e));
        }
        return done;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void putOne(Map<String, AttributeValue> item, PageTally tally) throws InterruptedException {
        acquire(permits(List.of(item)));
        try {
            target.putItem(r -> r.tableName(options.targetTable()).item(item).overrideConfiguration(targetMetrics.override()));
            tally.written.incrementAndGet();
        } catch (DynamoDbException e) {
            if (!isInvalidItem(e)) {
                throw e;
            }
            deadLetters.write(item, AwsErrors.describe(e));
            tally.deadLettered.incrementAndGet();
        }
    }

    private void putConditionally(Map<String, AttributeValue> item, PageTally tally) throws InterruptedException {
        acquire(permits(List.of(item)));
        String pk = targetInfo.partitionKey();
        PutItemRequest.Builder request = PutItemRequest.builder().tableName(options.targetTable()).item(item)
                .overrideConfiguration(targetMetrics.override());
        AttributeValue version = options.versionAttribute().map(item::get).orElse(null);
        if (options.mode() == WriteMode.NEWER_WINS && version != null) {
            Map<String, String> names = new HashMap<>();
            names.put("#pk", pk);
            names.put("#v", options.versionAttribute().get());
            request.conditionExpression("attribute_not_exists(#pk) OR #v < :v").expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":v", version));
        } else {
            // skip-existing; and newer-wins for a source item without the version attribute: it cannot be newer.
            request.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", pk));
        }
        try {
            target.putItem(request.build());
            tally.written.incrementAndGet();
        } catch (ConditionalCheckFailedException e) {
            tally.skipped.incrementAndGet();
        } catch (DynamoDbException e) {
            if (!isInvalidItem(e)) {
                throw e;
            }
            deadLetters.write(item, AwsErrors.describe(e));
            tally.deadLettered.incrementAndGet();
        }
    }

    /**
     * Takes permits for a first write, unless the run is past --stop-after: then the write is abandoned (before and after
     * waiting for the limiter), its page is not committed and a resumed run writes it, so the run stops soon after its
     * deadline however many pages the scans had in flight.
     */
    private void acquire(int permits) throws InterruptedException {
        if (pastDeadline()) {
            throw PageAbandonedException.INSTANCE;
        }
        limiter.acquire(permits);
        if (pastDeadline()) {
            throw PageAbandonedException.INSTANCE;
        }
    }

    /** DynamoDB refused the item itself (too large, wrong key type after a transform...): retrying cannot help. */
    private static boolean isInvalidItem(DynamoDbException e) {
        return e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode());
    }

    private int permits(List<Map<String, AttributeValue>> items) {
        if (options.rateLimit().map(r -> r.unit() == RateLimit.Unit.WCU).orElse(false)) {
            int units = 0;
            for (Map<String, AttributeValue> item : items) {
                units += ItemSize.writeUnits(item);
            }
            return units;
        }
        return items.size();
    }

    private Checkpoint snapshot() {
        List<Checkpoint.Segment> segments = new ArrayList<>(state.length());
        for (int i = 0; i < state.length(); i++) {
            segments.add(state.get(i));
        }
        return new Checkpoint(checkpoint.job(), segments, checkpoint.startedAt(), Instant.now());
    }

    private synchronized void flush() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        // Snapshot first: a page is committed only after its dead letters are written, so syncing after the snapshot
        // makes every dead letter of every page in it durable before the checkpoint that skips those items.
        Checkpoint saved = snapshot();
        deadLetters.sync();
        store.save(saved);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new JobAbortedException("interrupted", e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failure.compareAndSet(null, cause);
            if (cause instanceof SdkException sdk) {
                throw sdk;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new JobAbortedException(String.valueOf(cause.getMessage()), cause);
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A write not made because the run is past --stop-after: its page stays uncommitted; not a failure. */
    private static final class PageAbandonedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final PageAbandonedException INSTANCE = new PageAbandonedException();

        private PageAbandonedException() {
            super("past --stop-after: left for the next run", null, false, false);
        }
    }

    /** A write that may block on the limiter. */
    @FunctionalInterface
    private interface Write {
        void run() throws InterruptedException;
    }

    /** A scanned page handed to the writers: its size, the key after it, and (once settled) what happened to its items. */
    private static final class PageWrite {
        final int items;
        final Map<String, AttributeValue> next;
        Checkpoint.Counts counts; // guarded by the SegmentWrites

        PageWrite(int items, Map<String, AttributeValue> next) {
            this.items = items;
            this.next = next;
        }
    }

    /**
     * The pages of one segment in flight, in scan order. Pages settle in any order, but the segment's checkpoint moves
     * only over the settled pages at the head: its key never passes an item that is not yet written or dead-lettered.
     */
    private final class SegmentWrites {
        private final int segment;
        private final ArrayDeque<PageWrite> pages = new ArrayDeque<>();

        SegmentWrites(int segment) {
            this.segment = segment;
        }

        synchronized void add(PageWrite page) {
            pages.addLast(page);
        }

        synchronized void finished(PageWrite page, Checkpoint.Counts counts) {
            page.counts = counts;
            while (!pages.isEmpty() && pages.peekFirst().counts != null) {
                PageWrite head = pages.removeFirst();
                Checkpoint.Segment s = state.get(segment);
                state.set(segment, new Checkpoint.Segment(segment, head.next, head.next == null, s.counts().plus(head.counts)));
                dirty.set(true);
                thisRunItems.addAndGet(head.items);
                progress.advance(head.items);
            }
        }
    }

    private static final class PageTally {
        final AtomicLong written = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        final AtomicLong unprocessedRetries = new AtomicLong();
    }
}
