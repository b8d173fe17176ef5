package dev.cutover.migrations.replication;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.cutover.migrations.dynamodb.AttributeRenames;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.replication.internal.ApplyResult;
import dev.cutover.migrations.replication.internal.Change;
import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.replication.internal.ChangeApplier;
import dev.cutover.migrations.replication.internal.ReplicationCheckpoint;
import dev.cutover.migrations.replication.internal.ReplicationCheckpointStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The replicator as a Lambda function on the stream's event source mapping: the same apply as {@code replicate dynamodb}
 * (put of the transformed NewImage, delete for REMOVE, last change per key, UnprocessedItems retried), with Lambda keeping
 * the position. Enable {@code ReportBatchItemFailures} on the mapping: when a write fails, the response names that record
 * and every later one of the batch, so Lambda retries from the first failure and nothing after it is applied out of order.
 *
 * <p>Lag for the flags guard: after each batch applied in full, the handler writes the job's status into the same
 * checkpoint item {@code replicate dynamodb} keeps (job {@code "replicate SOURCE->TARGET"} in the checkpoint table of the
 * new account), with the batch's lag (now minus its newest record's creation time). The guard reads that item the same way
 * for both replicators and adds the item's age to the lag. The shard positions in the item are left alone (the mapping
 * keeps the Lambda's position). A status that cannot be written is logged and skipped: the records are applied, and the
 * item's growing age makes the guard refuse, never allow.
 *
 * <p>Environment: {@code CUTOVER_TARGET_TABLE} (the new table's name, or its ARN when the function runs in the legacy
 * account and the table's resource policy lets it write), optional {@code CUTOVER_CHECKPOINT_TABLE} (default
 * {@value ReplicationOptions#DEFAULT_CHECKPOINT_TABLE}), {@code CUTOVER_RENAMES} ("from=to,..."),
 * {@code CUTOVER_DROPS} ("a,b"), {@code CUTOVER_TRANSFORM} (an ItemTransform class), as given to the copy.
 */
public final class DynamoDbReplicationHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** Saves of the status item retried when another invocation (another shard) saved in between. */
    static final int STATUS_SAVE_ATTEMPTS = 5;

    private final ChangeApplier applier;
    private final String targetTable;
    private final DynamoDbClient checkpoints;
    private final String checkpointTable;
    private final Clock clock;

    /** For Lambda: configured from the environment, with a client built once per container. */
    public DynamoDbReplicationHandler() {
        this(DynamoDbClient.create(), required("CUTOVER_TARGET_TABLE"), transformFromEnvironment(), checkpointTableFromEnvironment());
    }

    private DynamoDbReplicationHandler(DynamoDbClient client, String targetTable, ItemTransform transform, String checkpointTable) {
        this(client, targetTable, transform, client, checkpointTable, Clock.systemUTC());
    }

    /**
     * @param target the new account's DynamoDB client for the target table
     * @param checkpoints the new account's DynamoDB client for the checkpoint table (usually the same as {@code target})
     * @param checkpointTable the table whose job item the flags guard reads (it must exist; the handler never creates it)
     */
    public DynamoDbReplicationHandler(DynamoDbClient target, String targetTable, ItemTransform transform, DynamoDbClient checkpoints,
            String checkpointTable, Clock clock) {
        this.applier = new ChangeApplier(target, targetTable, transform, 10);
        this.targetTable = tableName(targetTable);
        this.checkpoints = checkpoints;
        this.checkpointTable = checkpointTable;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<Change> changes = new ArrayList<>(records.size());
        for (DynamodbEvent.DynamodbStreamRecord r : records) {
            changes.add(change(r));
        }
        ApplyResult result = applier.apply(changes);
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        if (result.isComplete() && !changes.isEmpty()) {
            saveStatus(records, changes, context);
        }
        if (!result.isComplete()) {
            for (int i = result.firstFailed().getAsInt(); i < records.size(); i++) {
                failures.add(new StreamsEventResponse.BatchItemFailure(records.get(i).getDynamodb().getSequenceNumber()));
            }
            if (context != null && context.getLogger() != null) {
                context.getLogger().log("{\"event\":\"replication-batch-failed\",\"failedRecords\":" + failures.size()
                        + ",\"reason\":\"" + result.failure().replace("\"", "'") + "\"}\n");
            }
        }
        return new StreamsEventResponse(failures);
    }

    /** Publishes the batch's lag in the job's checkpoint item; retried when another invocation saved in between. */
    private void saveStatus(List<DynamodbEvent.DynamodbStreamRecord> records, List<Change> changes, Context context) {
        Optional<String> source = sourceTable(records.get(0).getEventSourceARN());
        if (source.isEmpty()) {
            warn(context, "{\"event\":\"replication-status-skipped\",\"reason\":\"the records carry no eventSourceARN of a table "
                    + "stream\"}");
            return;
        }
        Instant newest = changes.stream().map(Change::created).max(Instant::compareTo).orElseThrow();
        String sequence = changes.get(changes.size() - 1).sequenceNumber();
        ReplicationCheckpointStore store = new ReplicationCheckpointStore(checkpoints, checkpointTable,
                ReplicationCheckpointStore.jobId(source.get(), targetTable));
        String streamArn = records.get(0).getEventSourceARN();
        String problem = null;
        for (int attempt = 1; attempt <= STATUS_SAVE_ATTEMPTS; attempt++) {
            try {
                ReplicationCheckpoint cp = store.load().filter(c -> c.streamArn().equals(streamArn))
                        .orElseGet(() -> new ReplicationCheckpoint(streamArn, newest));
                cp.appliedElsewhere(sequence, newest, changes.size(), clock.instant());
                store.save(cp);
                return;
            } catch (MigrationException | SdkException e) {
                problem = e.getMessage();
            }
        }
        warn(context, "{\"event\":\"replication-status-skipped\",\"checkpoint\":\"" + store.describe() + "\",\"reason\":\""
                + String.valueOf(problem).replace("\"", "'") + "\"}");
    }

    /** The table name in a stream ARN ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}). */
    static Optional<String> sourceTable(String streamArn) {
        if (streamArn == null) {
            return Optional.empty();
        }
        int start = streamArn.indexOf(":table/");
        int end = streamArn.indexOf("/stream/");
        return start < 0 || end < start ? Optional.empty() : Optional.of(streamArn.substring(start + ":table/".length(), end));
    }

    /** The name of a table given by name or ARN. */
    static String tableName(String nameOrArn) {
        int at = nameOrArn.indexOf(":table/");
        return at < 0 ? nameOrArn : nameOrArn.substring(at + ":table/".length());
    }

    private static void warn(Context context, String line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        }
    }

    private static Change change(DynamodbEvent.DynamodbStreamRecord r) {
        var d = r.getDynamodb();
        boolean remove = "REMOVE".equals(r.getEventName());
        if (!remove && d.getNewImage() == null) {
            throw new IllegalStateException("stream record " + d.getSequenceNumber() + " (" + r.getEventName() + ") carries no NewImage"
                    + " (StreamViewType " + d.getStreamViewType() + "): the replicator needs NEW_IMAGE or NEW_AND_OLD_IMAGES");
        }
        Instant created = d.getApproximateCreationDateTime() == null ? Instant.EPOCH : d.getApproximateCreationDateTime().toInstant();
        return new Change(d.getSequenceNumber(), created, convert(d.getKeys()), remove ? null : convert(d.getNewImage()));
    }

    /** The Lambda event's attribute values as the SDK's. */
    static Map<String, AttributeValue> convert(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> m) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, convert(v)));
        return out;
    }

    static AttributeValue convert(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB()));
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(convert(v.getM()));
        }
        if (v.getL() != null) {
            return AttributeValue.fromL(v.getL().stream().map(DynamoDbReplicationHandler::convert).toList());
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (Boolean.TRUE.equals(v.getNULL())) {
            return AttributeValue.fromNul(true);
        }
        throw new IllegalArgumentException("an attribute value with no type: " + v);
    }

    private static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is required (the target table's name or ARN)");
        }
        return v;
    }

    private static String checkpointTableFromEnvironment() {
        String v = System.getenv("CUTOVER_CHECKPOINT_TABLE");
        return v == null || v.isBlank() ? ReplicationOptions.DEFAULT_CHECKPOINT_TABLE : v.trim();
    }

    private static ItemTransform transformFromEnvironment() {
        List<String> renames = split(System.getenv("CUTOVER_RENAMES"));
        List<String> drops = split(System.getenv("CUTOVER_DROPS"));
        AttributeRenames renaming = AttributeRenames.parse(renames, drops);
        ItemTransform t = renaming.isEmpty() ? ItemTransform.identity() : renaming;
        String className = System.getenv("CUTOVER_TRANSFORM");
        if (className == null || className.isBlank()) {
            return t;
        }
        try {
            return t.andThen((ItemTransform) Class.forName(className).getConstructor().newInstance());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("CUTOVER_TRANSFORM " + className + " must be a public ItemTransform with a public no-argument "
                    + "constructor", e);
        }
    }

    private static List<String> split(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
    }
}
