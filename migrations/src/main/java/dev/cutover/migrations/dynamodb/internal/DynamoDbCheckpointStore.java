package dev.cutover.migrations.dynamodb.internal;

import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.internal.JobItem;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * A checkpoint kept as one item of a DynamoDB table (partition key {@code job}, type S), for jobs run
 * from machines without a durable disk. Each save is a PutItem conditioned on the revision read last
 * ({@link JobItem}), so two runners of the same job cannot both advance it: the second one fails instead of racing.
 */
public final class DynamoDbCheckpointStore implements CheckpointStore {
    private final JobItem item;

    public DynamoDbCheckpointStore(DynamoDbClient client, String table, String jobId) {
        this.item = new JobItem(client, table, jobId);
    }

    @Override
    public synchronized Optional<Checkpoint> load() {
        Optional<Map<String, AttributeValue>> stored = item.load(false);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue checkpoint = stored.get().get("checkpoint");
        try {
            if (checkpoint == null || checkpoint.b() == null) {
                throw new IllegalArgumentException("the item has no binary 'checkpoint'");
            }
            return Optional.of(Checkpoint.fromJson(checkpoint.b().asByteArray()));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(describe(), "is corrupt: " + e.getMessage() + ". Nothing was written. Delete the item to "
                    + "start the copy from the beginning");
        }
    }

    @Override
    public synchronized void save(Checkpoint checkpoint) {
        try {
            item.save(Map.of("checkpoint", AttributeValue.fromB(SdkBytes.fromByteArray(checkpoint.toJson()))));
        } catch (ConditionalCheckFailedException e) {
            throw new CheckpointException(describe(), "was changed by another run of the same job (revision is no longer "
                    + item.revision() + "); run only one copy per table pair at a time", e);
        } catch (DynamoDbException e) {
            throw new CheckpointException(describe(), "cannot be written (" + e.awsErrorDetails().errorCode() + ")", e);
        }
    }

    @Override
    public String describe() {
        return item.describe();
    }
}
