package dev.cutover.migrations.dynamodb.internal;

import dev.cutover.migrations.CheckpointException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A checkpoint kept as one item of a DynamoDB table (partition key {@code job}, type S), for jobs run
 * from machines without a durable disk. Each save is a PutItem conditioned on the revision read last,
 * so two runners of the same job cannot both advance it: the second one fails instead of racing.
 */
public final class DynamoDbCheckpointStore implements CheckpointStore {
    private final DynamoDbClient client;
    private final String table;
    private final String jobId;
    private long revision;

    public DynamoDbCheckpointStore(DynamoDbClient client, String table, String jobId) {
        this.client = client;
        this.table = table;
        this.jobId = jobId;
    }

    @Override
    public synchronized Optional<Checkpoint> load() {
        GetItemResponse response;
        try {
            response = client.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("job", AttributeValue.fromS(jobId))));
        } catch (DynamoDbException e) {
            throw new CheckpointException(describe(), "cannot be read (" + e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage() + "); the table needs partition key 'job' (S)", e);
        }
        if (!response.hasItem() || response.item().isEmpty()) {
            revision = 0;
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        try {
            revision = Long.parseLong(item.get("revision").n());
            return Optional.of(Checkpoint.fromJson(item.get("checkpoint").b().asByteArray()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(describe(), "is corrupt: " + e.getMessage() + ". Nothing was written. Delete the item to "
                    + "start the copy from the beginning");
        }
    }

    @Override
    public synchronized void save(Checkpoint checkpoint) {
        long next = revision + 1;
        try {
            client.putItem(r -> r.tableName(table)
                    .item(Map.of("job", AttributeValue.fromS(jobId),
                            "revision", AttributeValue.fromN(Long.toString(next)),
                            "checkpoint", AttributeValue.fromB(SdkBytes.fromByteArray(checkpoint.toJson()))))
                    .conditionExpression(revision == 0 ? "attribute_not_exists(#j)" : "#r = :r")
                    .expressionAttributeNames(revision == 0 ? Map.of("#j", "job") : Map.of("#r", "revision"))
                    .expressionAttributeValues(revision == 0 ? null : Map.of(":r", AttributeValue.fromN(Long.toString(revision)))));
        } catch (ConditionalCheckFailedException e) {
            throw new CheckpointException(describe(), "was changed by another run of the same job (revision is no longer "
                    + revision + "); run only one copy per table pair at a time", e);
        } catch (DynamoDbException e) {
            throw new CheckpointException(describe(), "cannot be written (" + e.awsErrorDetails().errorCode() + ")", e);
        }
        revision = next;
    }

    @Override
    public String describe() {
        return "dynamodb table " + table + ", job " + jobId;
    }
}
