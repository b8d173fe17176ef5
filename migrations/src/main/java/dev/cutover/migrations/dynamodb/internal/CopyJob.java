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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * unprocessed after {@code maxUnprocessedRetries} retries go to the dead-letter file. A batch DynamoDB refuses
 * with ValidationException is not retried (the same request would fail the same way): its items are written
 * one by one, and the invalid ones go to the dead-letter file. A call that fails after the SDK's retries (a table throttled for
 * minutes, an endpoint down) stops the job; the checkpoint lets the same command resume.
 */
public final class CopyJob {
    private static final int BATCH = 25;
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);

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
        ExecutorService scanners = Executors.newFixedThreadPool(Math.min(options.scanThreads(), segments), daemon("copy-scan"));
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
        } finally {
            scanners.shutdownNow();
            writers.shutdownNow();
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

    private void runSegment(int segment) {
        try {
            Checkpoint.Segment s = state.get(segment);
            Map<String, AttributeValue> startKey = s.lastEvaluatedKey();
            while (failure.get() == null && !pastDeadline()) {
                Map<String, AttributeValue> exclusiveStart = startKey;
                ScanResponse page = source.scan(r -> r.tableName(options.sourceTable()).segment(segment)
                        .totalSegments(state.length()).limit(options.pageSize()).consistentRead(options.consistentRead())
                        .exclusiveStartKey(exclusiveStart).overrideConfiguration(sourceMetrics.override()));
                Checkpoint.Counts page0 = writePage(page.items());
                Map<String, AttributeValue> next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
                if (failure.get() != null) {
                    return;
                }
                s = new Checkpoint.Segment(segment, next, next == null, s.counts().plus(page0));
                state.set(segment, s);
                dirty.set(true);
                thisRunItems.addAndGet(page.items().size());
                progress.advance(page.items().size());
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

    /** Writes one scanned page and waits for it; returns what happened to its items. */
    private Checkpoint.Counts writePage(List<Map<String, AttributeValue>> items) throws InterruptedException {
        List<Map<String, AttributeValue>> toWrite = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> out = options.transform().apply(item);
            if (out != null) {
                toWrite.add(out);
            }
        }
        PageTally tally = new PageTally();
        List<Future<?>> futures = new ArrayList<>();
        if (options.mode() == WriteMode.OVERWRITE) {
            for (int i = 0; i < toWrite.size(); i += BATCH) {
                List<Map<String, AttributeValue>> batch = toWrite.subList(i, Math.min(toWrite.size(), i + BATCH));
                futures.add(writers.submit(() -> {
                    writeBatch(batch, tally);
                    return null;
                }));
            }
        } else {
            for (Map<String, AttributeValue> item : toWrite) {
                futures.add(writers.submit(() -> {
                    putConditionally(item, tally);
                    return null;
                }));
            }
        }
        for (Future<?> f : futures) {
            await(f);
        }
        return new Checkpoint.Counts(items.size(), tally.written.get(), tally.skipped.get(), items.size() - toWrite.size(),
                tally.deadLettered.get(), tally.unprocessedRetries.get());
    }

    private void writeBatch(List<Map<String, AttributeValue>> items, PageTally tally) throws InterruptedException {
        List<WriteRequest> requests = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        // One Retry per batch (the config is the job's): its events are this batch's retries, counted into the page.
        // UnprocessedItems slow down only this batch (the Retry's backoff), not the job's pace: a steady share of
        // unprocessed items would otherwise halve the limiter window after window down to its floor (it creeps back up
        // only in windows without any throttle). Throttling errors still slow the job through the SDK's call metrics.
        Retry retry = Retry.of(RetryPolicies.UNPROCESSED_ITEMS, unprocessedRetry);
        RetryEvents events = RetryEvents.of(retry);
        AtomicReference<List<WriteRequest>> pending = new AtomicReference<>(requests);
        List<WriteRequest> unprocessed;
        try {
            // Each attempt sends what is still pending and returns what DynamoDB left unprocessed; the Retry waits and
            // re-sends while that is not empty, and hands back the last remainder once its attempts are used up.
            unprocessed = retry.executeSupplier(() -> sendBatch(pending, tally));
        } catch (DynamoDbException e) {
            if (!isInvalidItem(e)) {
                throw e;
            }
            // One bad item fails the whole batch: find it by writing the items one by one.
            for (WriteRequest w : pending.get()) {
                putOne(w.putRequest().item(), tally);
            }
            return;
        } catch (JobAbortedException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while writing a batch");
            }
            throw e;
        } finally {
            tally.unprocessedRetries.addAndGet(events.retries());
        }
        for (WriteRequest w : unprocessed) {
            deadLetters.write(w.putRequest().item(), "UnprocessedItems after " + options.maxUnprocessedRetries() + " retries");
            tally.deadLettered.incrementAndGet();
        }
    }

    /** One BatchWriteItem attempt of the pending requests; returns (and leaves pending) what DynamoDB did not process. */
    private List<WriteRequest> sendBatch(AtomicReference<List<WriteRequest>> pending, PageTally tally) {
        List<WriteRequest> sending = pending.get();
        try {
            limiter.acquire(permits(sending.stream().map(w -> w.putRequest().item()).toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobAbortedException("interrupted", e);
        }
        BatchWriteItemResponse response = target.batchWriteItem(r -> r.requestItems(Map.of(options.targetTable(), sending))
                .overrideConfiguration(targetMetrics.override()));
        List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(options.targetTable(), List.of());
        tally.written.addAndGet(sending.size() - unprocessed.size());
        pending.set(unprocessed);
        return unprocessed;
    }

    private void putOne(Map<String, AttributeValue> item, PageTally tally) throws InterruptedException {
        limiter.acquire(permits(List.of(item)));
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
        limiter.acquire(permits(List.of(item)));
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
        deadLetters.sync();
        store.save(snapshot());
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

    private static final class PageTally {
        final AtomicLong written = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        final AtomicLong unprocessedRetries = new AtomicLong();
    }
}
