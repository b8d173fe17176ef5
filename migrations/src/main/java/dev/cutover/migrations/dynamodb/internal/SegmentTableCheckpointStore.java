package dev.cutover.migrations.dynamodb.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.internal.AwsErrors;
import dev.cutover.migrations.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The checkpoint of a job shared by workers, in a DynamoDB table with partition key {@code job} (S):
 * one header item {@code SOURCE->TARGET#job} (what the job is, how many workers, when it started) and
 * one item per scan segment {@code SOURCE->TARGET#segment-000007} with its state (not-started,
 * in-progress, done), LastEvaluatedKey, counts, updatedAt and the worker that wrote it.
 *
 * <p>Each worker writes only its own segments, each save a PutItem conditioned on the segment's
 * revision read last: the workers never write the same item, and two runs of the same worker index
 * cannot both advance a segment (the second fails instead of racing). No worker knows the others;
 * this table is all they share.
 */
public final class SegmentTableCheckpointStore implements CheckpointStore {
    public static final String NOT_STARTED = "not-started";
    public static final String IN_PROGRESS = "in-progress";
    public static final String DONE = "done";
    private static final int BATCH_GET = 100;

    private final DynamoDbClient client;
    private final String table;
    private final String jobId;
    private final Integer workers;
    private final int workerIndex;
    private final IntPredicate owns;
    private final Map<Integer, Long> revisions = new HashMap<>();
    private final Map<Integer, Checkpoint.Segment> saved = new HashMap<>();

    /**
     * @param workers the job's worker count, checked against the header; null to read only (status)
     * @param owns the segments this worker writes
     */
    public SegmentTableCheckpointStore(DynamoDbClient client, String table, String jobId, Integer workers, int workerIndex,
            IntPredicate owns) {
        this.client = client;
        this.table = table;
        this.jobId = jobId;
        this.workers = workers;
        this.workerIndex = workerIndex;
        this.owns = owns;
    }

    /** A store that only reads (for status). */
    public static SegmentTableCheckpointStore reader(DynamoDbClient client, String table, String jobId) {
        return new SegmentTableCheckpointStore(client, table, jobId, null, -1, s -> false);
    }

    /** The state a status shows for a segment. */
    public static String state(Checkpoint.Segment s) {
        if (s.done()) {
            return DONE;
        }
        return s.lastEvaluatedKey() != null || s.counts().scanned() > 0 ? IN_PROGRESS : NOT_STARTED;
    }

    @Override
    public synchronized Optional<Checkpoint> load() {
        Map<String, AttributeValue> header;
        try {
            GetItemResponse response = client.getItem(r -> r.tableName(table).consistentRead(true).key(key(headerId())));
            header = response.hasItem() && !response.item().isEmpty() ? response.item() : null;
        } catch (DynamoDbException e) {
            throw new CheckpointException(describe(), "cannot be read (" + AwsErrors.describe(e)
                    + "); the table needs partition key 'job' (S)", e);
        }
        revisions.clear();
        saved.clear();
        if (header == null) {
            return Optional.empty();
        }
        try {
            Checkpoint.Job job = new Checkpoint.Job(s(header, "sourceTable"), s(header, "targetTable"), s(header, "mode"),
                    s(header, "versionAttribute"), Integer.parseInt(n(header, "totalSegments")), s(header, "transform"));
            int jobWorkers = Integer.parseInt(n(header, "workers"));
            if (workers != null && jobWorkers != workers) {
                throw new CheckpointException(describe(), "was started with --workers " + jobWorkers + ", this run has --workers " + workers
                        + ". Nothing was written. Run every worker of the job with --workers " + jobWorkers);
            }
            Instant startedAt = Instant.parse(s(header, "startedAt"));
            Instant updatedAt = startedAt;
            List<Checkpoint.Segment> segments = new ArrayList<>(job.totalSegments());
            for (int i = 0; i < job.totalSegments(); i++) {
                segments.add(Checkpoint.Segment.fresh(i));
            }
            for (Map<String, AttributeValue> item : readSegments(job.totalSegments())) {
                int index = Integer.parseInt(n(item, "segment"));
                AttributeValue lek = item.get("lastEvaluatedKey");
                Checkpoint.Counts counts = new Checkpoint.Counts(num(item, "items"), num(item, "written"), num(item, "skipped"),
                        num(item, "filtered"), num(item, "deadLettered"), num(item, "unprocessedRetries"));
                Checkpoint.Segment segment = new Checkpoint.Segment(index, lek == null ? null
                        : ItemJson.parseItem(Json.MAPPER.readTree(lek.s())), DONE.equals(s(item, "state")), counts);
                segments.set(index, segment);
                revisions.put(index, Long.parseLong(n(item, "revision")));
                saved.put(index, segment);
                Instant at = Instant.parse(s(item, "updatedAt"));
                updatedAt = at.isAfter(updatedAt) ? at : updatedAt;
            }
            return Optional.of(new Checkpoint(job, segments, startedAt, updatedAt));
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException(describe(), "is corrupt: " + e.getMessage() + ". Nothing was written. Delete the job's items ("
                    + jobId + "#...) to start the copy from the beginning");
        }
    }

    /** Writes the header unless another worker did first (then false: load again and use theirs). */
    @Override
    public synchronized boolean create(Checkpoint checkpoint) {
        Checkpoint.Job job = checkpoint.job();
        Map<String, AttributeValue> item = new HashMap<>(key(headerId()));
        item.put("kind", AttributeValue.fromS("job"));
        item.put("sourceTable", AttributeValue.fromS(job.sourceTable()));
        item.put("targetTable", AttributeValue.fromS(job.targetTable()));
        item.put("mode", AttributeValue.fromS(job.mode()));
        item.put("versionAttribute", AttributeValue.fromS(job.versionAttribute()));
        item.put("totalSegments", AttributeValue.fromN(Integer.toString(job.totalSegments())));
        item.put("transform", AttributeValue.fromS(job.transform()));
        item.put("workers", AttributeValue.fromN(Integer.toString(workers == null ? 1 : workers)));
        item.put("startedAt", AttributeValue.fromS(checkpoint.startedAt().toString()));
        try {
            client.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#j)")
                    .expressionAttributeNames(Map.of("#j", "job")));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (DynamoDbException e) {
            throw new CheckpointException(describe(), "cannot be written (" + AwsErrors.describe(e) + ")", e);
        }
    }

    /** Saves this worker's segments that changed since they were saved (or loaded); the others' are never written. */
    @Override
    public synchronized void save(Checkpoint checkpoint) {
        String now = Instant.now().toString();
        for (Checkpoint.Segment segment : checkpoint.segments()) {
            int i = segment.segment();
            if (!owns.test(i) || segment.equals(saved.get(i))) {
                continue;
            }
            long revision = revisions.getOrDefault(i, 0L);
            Map<String, AttributeValue> item = new HashMap<>(key(segmentId(i)));
            item.put("kind", AttributeValue.fromS("segment"));
            item.put("segment", AttributeValue.fromN(Integer.toString(i)));
            item.put("state", AttributeValue.fromS(state(segment)));
            if (segment.lastEvaluatedKey() != null) {
                item.put("lastEvaluatedKey", AttributeValue.fromS(ItemJson.canonical(segment.lastEvaluatedKey())));
            }
            Checkpoint.Counts c = segment.counts();
            item.put("items", number(c.scanned()));
            item.put("written", number(c.written()));
            item.put("skipped", number(c.skipped()));
            item.put("filtered", number(c.filtered()));
            item.put("deadLettered", number(c.deadLettered()));
            item.put("unprocessedRetries", number(c.unprocessedRetries()));
            item.put("updatedAt", AttributeValue.fromS(now));
            item.put("worker", number(workerIndex));
            item.put("revision", number(revision + 1));
            try {
                client.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression(revision == 0 ? "attribute_not_exists(#j)" : "#r = :r")
                        .expressionAttributeNames(revision == 0 ? Map.of("#j", "job") : Map.of("#r", "revision"))
                        .expressionAttributeValues(revision == 0 ? null : Map.of(":r", number(revision))));
            } catch (ConditionalCheckFailedException e) {
                throw new CheckpointException(describe(), "segment " + i + " was changed by another run (revision is no longer "
                        + revision + "): is --worker-index " + workerIndex + " running twice? Run each worker index once at a time", e);
            } catch (DynamoDbException e) {
                throw new CheckpointException(describe(), "cannot be written (" + AwsErrors.describe(e) + ")", e);
            }
            revisions.put(i, revision + 1);
            saved.put(i, segment);
        }
    }

    @Override
    public String describe() {
        return "dynamodb table " + table + ", job " + jobId + " (one item per segment)";
    }

    private List<Map<String, AttributeValue>> readSegments(int total) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < total; from += BATCH_GET) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = from; i < Math.min(total, from + BATCH_GET); i++) {
                keys.add(key(segmentId(i)));
            }
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int round = 0; !pending.isEmpty(); round++) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(request));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    sleep(Math.min(1_000, 50L << Math.min(round, 5)));
                }
            }
        }
        return items;
    }

    private String headerId() {
        return jobId + "#job";
    }

    private String segmentId(int segment) {
        return String.format(Locale.ROOT, "%s#segment-%06d", jobId, segment);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("job", AttributeValue.fromS(id));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.s() == null) {
            throw new IllegalArgumentException("attribute '" + name + "' (S) is missing");
        }
        return v.s();
    }

    private static String n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            throw new IllegalArgumentException("attribute '" + name + "' (N) is missing");
        }
        return v.n();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(n(item, name));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointException("checkpoint table", "interrupted while reading", e);
        }
    }
}
