package dev.cutover.migrations.replication;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.cutover.migrations.dynamodb.AttributeRenames;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.replication.internal.ApplyResult;
import dev.cutover.migrations.replication.internal.Change;
import dev.cutover.migrations.replication.internal.ChangeApplier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The replicator as a Lambda function on the stream's event source mapping: the same apply as {@code replicate dynamodb}
 * (put of the transformed NewImage, delete for REMOVE, last change per key, UnprocessedItems retried), with Lambda keeping
 * the position. Enable {@code ReportBatchItemFailures} on the mapping: when a write fails, the response names that record
 * and every later one of the batch, so Lambda retries from the first failure and nothing after it is applied out of order.
 *
 * <p>Environment: {@code CUTOVER_TARGET_TABLE} (the new table's name, or its ARN when the function runs in the legacy
 * account and the table's resource policy lets it write), optional {@code CUTOVER_RENAMES} ("from=to,..."),
 * {@code CUTOVER_DROPS} ("a,b"), {@code CUTOVER_TRANSFORM} (an ItemTransform class), as given to the copy.
 */
public final class DynamoDbReplicationHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final ChangeApplier applier;

    /** For Lambda: configured from the environment, with a client built once per container. */
    public DynamoDbReplicationHandler() {
        this(DynamoDbClient.create(), required("CUTOVER_TARGET_TABLE"), transformFromEnvironment());
    }

    public DynamoDbReplicationHandler(DynamoDbClient target, String targetTable, ItemTransform transform) {
        this.applier = new ChangeApplier(target, targetTable, transform, 10);
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
