package dev.cutover.migrations.replication.internal;

import dev.cutover.migrations.dynamodb.ItemTransform;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Applies stream changes to the target table, the same way for the CLI replicator and the Lambda handler: a put of the
 * transformed full new image, a delete for REMOVE (and for a new image the transform filters out, so the target never keeps
 * an item the copy would leave out). Applying a change twice leaves the same item, so replays are harmless.
 *
 * <p>Within one call only the last change of each key is written (it holds the full image, so the earlier ones add
 * nothing), which lets the writes go out as BatchWriteItem calls of 25 distinct keys. Retries, one layer each: the SDK's
 * standard retry mode retries each call (throttling, 5xx); a resilience4j {@link Retry} re-sends only UnprocessedItems,
 * with exponential backoff and jitter. What is still unprocessed after that is reported as failed, never dropped.
 */
public final class ChangeApplier {
    private static final int BATCH = 25;

    private final DynamoDbClient target;
    private final String table;
    private final ItemTransform transform;
    private final RetryConfig unprocessedRetry;
    private final Executor writers;

    /** Sends one call's batches one after the other, on the calling thread. */
    public ChangeApplier(DynamoDbClient target, String table, ItemTransform transform, int maxUnprocessedRetries) {
        this(target, table, transform, maxUnprocessedRetries, Runnable::run);
    }

    /**
     * Sends one call's batches on {@code writers} (they hold distinct keys, so their order does not matter); {@link #apply}
     * returns once every batch is done, so the changes of one call are all applied before the next call's.
     */
    public ChangeApplier(DynamoDbClient target, String table, ItemTransform transform, int maxUnprocessedRetries, Executor writers) {
        this.writers = Objects.requireNonNull(writers, "writers");
        if (maxUnprocessedRetries < 0) {
            throw new IllegalArgumentException("maxUnprocessedRetries must be zero or more, but was " + maxUnprocessedRetries);
        }
        this.target = target;
        this.table = table;
        this.transform = transform;
        this.unprocessedRetry = RetryConfig.<List<WriteRequest>>custom()
                .maxAttempts(maxUnprocessedRetries + 1)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(50), 2.0, 0.5, Duration.ofSeconds(5)))
                .retryOnResult(unprocessed -> !unprocessed.isEmpty())
                // Failed calls were already retried by the SDK: this layer only re-sends UnprocessedItems.
                .retryOnException(e -> false)
                .build();
    }

    /** Applies {@code changes} (in stream order); never throws for a write that fails, it reports it. */
    public ApplyResult apply(List<Change> changes) {
        Plan plan = plan(changes, 1);
        AtomicLong rounds = new AtomicLong();
        List<CompletableFuture<List<WriteRequest>>> sent = new ArrayList<>();
        for (List<Map<String, AttributeValue>> chunkKeys : plan.chunks.get(0)) {
            List<WriteRequest> chunk = chunkKeys.stream().map(plan.lastWrite::get).toList();
            sent.add(CompletableFuture.supplyAsync(() -> writeWithRetries(chunk, rounds), writers));
        }
        return collect(plan, plan.chunks.get(0), sent, rounds);
    }

    /**
     * Applies {@code changes} (in stream order) on {@code lanes}, single-threaded executors: each key always goes to the same
     * lane ({@link #laneOf}), so the writes of one key leave in the order the calls were made, across calls, while the
     * lanes run side by side and a call does not wait for the previous one. The future completes when every write of this
     * call is done (it never completes exceptionally for a write that fails: it reports it).
     */
    public CompletableFuture<ApplyResult> applyInLanes(List<Change> changes, List<? extends Executor> lanes) {
        Plan plan = plan(changes, lanes.size());
        AtomicLong rounds = new AtomicLong();
        List<List<Map<String, AttributeValue>>> allChunks = new ArrayList<>();
        List<CompletableFuture<List<WriteRequest>>> sent = new ArrayList<>();
        for (int lane = 0; lane < lanes.size(); lane++) {
            for (List<Map<String, AttributeValue>> chunkKeys : plan.chunks.get(lane)) {
                List<WriteRequest> chunk = chunkKeys.stream().map(plan.lastWrite::get).toList();
                allChunks.add(chunkKeys);
                sent.add(CompletableFuture.supplyAsync(() -> writeWithRetries(chunk, rounds), lanes.get(lane)));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((ignored, error) ->
                collect(plan, allChunks, sent, rounds));
    }

    /** The lane of a target key among {@code lanes}. */
    static int laneOf(Map<String, AttributeValue> key, int lanes) {
        return Math.floorMod(key.hashCode(), lanes);
    }

    /** The last write of each key, with the index of its change, and the keys cut into batches per lane. */
    private static final class Plan {
        final Map<Map<String, AttributeValue>, Integer> lastIndex = new LinkedHashMap<>();
        final Map<Map<String, AttributeValue>, WriteRequest> lastWrite = new LinkedHashMap<>();
        final List<List<List<Map<String, AttributeValue>>>> chunks = new ArrayList<>();
    }

    private Plan plan(List<Change> changes, int lanes) {
        Plan plan = new Plan();
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            Map<String, AttributeValue> key = targetKey(change.keys());
            WriteRequest write = write(change, key);
            plan.lastIndex.remove(key);
            plan.lastWrite.remove(key);
            plan.lastIndex.put(key, i);
            plan.lastWrite.put(key, write);
        }
        List<List<Map<String, AttributeValue>>> byLane = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            byLane.add(new ArrayList<>());
            plan.chunks.add(new ArrayList<>());
        }
        for (Map<String, AttributeValue> key : plan.lastWrite.keySet()) {
            byLane.get(lanes == 1 ? 0 : laneOf(key, lanes)).add(key);
        }
        for (int lane = 0; lane < lanes; lane++) {
            List<Map<String, AttributeValue>> keys = byLane.get(lane);
            for (int from = 0; from < keys.size(); from += BATCH) {
                plan.chunks.get(lane).add(keys.subList(from, Math.min(keys.size(), from + BATCH)));
            }
        }
        return plan;
    }

    private ApplyResult collect(Plan plan, List<List<Map<String, AttributeValue>>> chunks,
            List<CompletableFuture<List<WriteRequest>>> sent, AtomicLong rounds) {
        long puts = 0;
        long deletes = 0;
        int firstFailed = Integer.MAX_VALUE;
        String failure = null;
        for (int c = 0; c < sent.size(); c++) {
            List<Map<String, AttributeValue>> chunkKeys = chunks.get(c);
            List<WriteRequest> chunk = chunkKeys.stream().map(plan.lastWrite::get).toList();
            List<WriteRequest> left;
            try {
                left = sent.get(c).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof SdkException)) {
                    throw e;
                }
                left = chunk;
                if (failure == null) {
                    failure = "BatchWriteItem on " + table + " failed: " + e.getCause().getMessage();
                }
            }
            if (left.isEmpty()) {
                for (WriteRequest w : chunk) {
                    if (w.putRequest() != null) {
                        puts++;
                    } else {
                        deletes++;
                    }
                }
                continue;
            }
            for (int i = 0; i < chunk.size(); i++) {
                WriteRequest w = chunk.get(i);
                if (left.contains(w)) {
                    firstFailed = Math.min(firstFailed, plan.lastIndex.get(chunkKeys.get(i)));
                } else if (w.putRequest() != null) {
                    puts++;
                } else {
                    deletes++;
                }
            }
            if (failure == null) {
                failure = left.size() + " writes to " + table + " still unprocessed after " + (unprocessedRetry.getMaxAttempts() - 1)
                        + " rounds of UnprocessedItems retries";
            }
        }
        return new ApplyResult(puts, deletes, rounds.get(), firstFailed == Integer.MAX_VALUE ? OptionalInt.empty()
                : OptionalInt.of(firstFailed), failure);
    }

    /** Sends {@code chunk}, then its UnprocessedItems until none are left or the retries run out; returns what is left. */
    private List<WriteRequest> writeWithRetries(List<WriteRequest> chunk, AtomicLong rounds) {
        List<List<WriteRequest>> pending = new ArrayList<>(List.of(chunk));
        Supplier<List<WriteRequest>> send = () -> {
            List<WriteRequest> now = pending.get(0);
            if (now != chunk) {
                rounds.incrementAndGet();
            }
            List<WriteRequest> left = target.batchWriteItem(r -> r.requestItems(Map.of(table, now)))
                    .unprocessedItems().getOrDefault(table, List.of());
            pending.set(0, left);
            return left;
        };
        return Retry.of("unprocessed-items", unprocessedRetry).executeSupplier(send);
    }

    private WriteRequest write(Change change, Map<String, AttributeValue> key) {
        if (!change.isRemove()) {
            Map<String, AttributeValue> item = transform.apply(change.newImage());
            if (item != null) {
                return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
            }
        }
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
    }

    /** The record's keys under the target's attribute names (the transform's key renames). */
    Map<String, AttributeValue> targetKey(Map<String, AttributeValue> keys) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        keys.forEach((name, value) -> key.put(transform.targetAttributeName(name), value));
        return Map.copyOf(key);
    }
}
