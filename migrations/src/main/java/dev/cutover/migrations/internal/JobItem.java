package dev.cutover.migrations.internal;

import dev.cutover.migrations.CheckpointException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * One job's item in a checkpoint table of the new account (partition key {@code job}, S), written with optimistic
 * concurrency: each save is a PutItem conditioned on the {@code revision} this object read or wrote last, so two runners of
 * the same job cannot both advance it; the second one gets {@link ConditionalCheckFailedException} instead of racing. The
 * copy's and the replicator's checkpoint stores both keep their state this way, so one table can hold both.
 */
public final class JobItem {
    private final DynamoDbClient client;
    private final String table;
    private final String jobId;
    private long revision;

    public JobItem(DynamoDbClient client, String table, String jobId) {
        this.client = client;
        this.table = table;
        this.jobId = jobId;
    }

    /** "dynamodb table T, job J": where the checkpoint is, for messages. */
    public String describe() {
        return "dynamodb table " + table + ", job " + jobId;
    }

    /**
     * The job's item (strongly consistent read), remembering its revision; empty when there is none, or when the table
     * does not exist and {@code missingTableIsEmpty}. Read errors become a {@link CheckpointException} naming the table.
     */
    public Optional<Map<String, AttributeValue>> load(boolean missingTableIsEmpty) {
        GetItemResponse response;
        try {
            response = client.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("job", AttributeValue.fromS(jobId))));
        } catch (ResourceNotFoundException e) {
            if (!missingTableIsEmpty) {
                throw unreadable(e);
            }
            revision = 0;
            return Optional.empty();
        } catch (DynamoDbException e) {
            throw unreadable(e);
        }
        if (!response.hasItem() || response.item().isEmpty()) {
            revision = 0;
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        AttributeValue stored = item.get("revision");
        if (stored == null || stored.n() == null) {
            throw new CheckpointException(describe(), "is corrupt: the item has no number 'revision'. Nothing was written. Delete the "
                    + "item to start this job over");
        }
        try {
            revision = Long.parseLong(stored.n());
        } catch (NumberFormatException e) {
            throw new CheckpointException(describe(), "is corrupt: revision '" + stored.n() + "' is not a whole number. Nothing was "
                    + "written. Delete the item to start this job over");
        }
        return Optional.of(item);
    }

    /**
     * Writes {@code attributes} (plus {@code job} and the next {@code revision}) if the item is still at the revision last
     * read or written (absent, if none was); throws {@link ConditionalCheckFailedException} when another runner saved since.
     */
    public void save(Map<String, AttributeValue> attributes) {
        long next = revision + 1;
        Map<String, AttributeValue> item = new LinkedHashMap<>(attributes);
        item.put("job", AttributeValue.fromS(jobId));
        item.put("revision", AttributeValue.fromN(Long.toString(next)));
        client.putItem(r -> r.tableName(table).item(item)
                .conditionExpression(revision == 0 ? "attribute_not_exists(#j)" : "#r = :r")
                .expressionAttributeNames(revision == 0 ? Map.of("#j", "job") : Map.of("#r", "revision"))
                .expressionAttributeValues(revision == 0 ? null : Map.of(":r", AttributeValue.fromN(Long.toString(revision)))));
        revision = next;
    }

    /** The revision last read or written (0: none). */
    public long revision() {
        return revision;
    }

    /** Deletes the job's item (start over). */
    public void delete() {
        client.deleteItem(r -> r.tableName(table).key(Map.of("job", AttributeValue.fromS(jobId))));
        revision = 0;
    }

    private CheckpointException unreadable(DynamoDbException e) {
        return new CheckpointException(describe(), "cannot be read (" + e.awsErrorDetails().errorCode() + ": "
                + e.awsErrorDetails().errorMessage() + "); the table needs partition key 'job' (S)", e);
    }
}
