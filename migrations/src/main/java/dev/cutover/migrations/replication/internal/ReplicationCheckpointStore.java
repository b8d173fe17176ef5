package dev.cutover.migrations.replication.internal;

import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.internal.JobItem;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A replication job's checkpoint as one item of a DynamoDB table in the new account: the same table shape as the copy's
 * {@code --checkpoint-table} (partition key {@code job}, S), so one table can hold both; the replication item's job is
 * {@code "replicate SOURCE->TARGET"}. Each save is a PutItem conditioned on the revision read last: a second replicator of
 * the same job fails instead of racing.
 */
public final class ReplicationCheckpointStore {
    private final DynamoDbClient client;
    private final String table;
    private final JobItem item;

    public ReplicationCheckpointStore(DynamoDbClient client, String table, String jobId) {
        this.client = client;
        this.table = table;
        this.item = new JobItem(client, table, jobId);
    }

    /** The job id of replicating {@code source} into {@code target}. */
    public static String jobId(String source, String target) {
        return "replicate " + source + "->" + target;
    }

    public String describe() {
        return item.describe();
    }

    /** Creates the table (on-demand, partition key job S) when it does not exist, saying so on {@code log}. */
    public void ensureTable(PrintWriter log) {
        TableDescription existing;
        try {
            existing = client.describeTable(r -> r.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            client.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("job").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("job").keyType(KeyType.HASH)));
            client.waiter().waitUntilTableExists(r -> r.tableName(table));
            log.println("{\"event\":\"checkpoint-table-created\",\"table\":\"" + table
                    + "\",\"message\":\"created checkpoint table " + table + " in the new account (partition key job, S; on-demand)\"}");
            log.flush();
            return;
        }
        boolean shaped = existing.keySchema().size() == 1 && existing.keySchema().get(0).keyType() == KeyType.HASH
                && "job".equals(existing.keySchema().get(0).attributeName());
        if (!shaped) {
            throw new CheckpointException(describe(), "the table's key schema is " + existing.keySchema().stream()
                    .map(KeySchemaElement::toString).toList() + ", but a checkpoint table needs exactly partition key 'job' (S). "
                    + "Name another --checkpoint-table (it is created if absent)");
        }
    }

    public Optional<ReplicationCheckpoint> load() {
        Optional<Map<String, AttributeValue>> stored = item.load(true);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue replication = stored.get().get("replication");
        try {
            if (replication == null || replication.s() == null) {
                throw new IllegalArgumentException("the item has no string 'replication'");
            }
            return Optional.of(ReplicationCheckpoint.fromJson(replication.s()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(describe(), "is corrupt: " + e.getMessage() + ". Nothing was written. Delete the item and "
                    + "start over with migrate dynamodb --replicate (a new position, a new copy)");
        }
    }

    /** Saves {@code checkpoint} as the next revision; fails when someone else saved since this store last read or saved. */
    public void save(ReplicationCheckpoint checkpoint) {
        try {
            item.save(Map.of(
                    "kind", AttributeValue.fromS("dynamodb-replication"),
                    "replication", AttributeValue.fromS(checkpoint.toJson()),
                    "updatedAt", AttributeValue.fromS(checkpoint.updatedAt().toString())));
        } catch (ConditionalCheckFailedException e) {
            throw new MigrationException("checkpoint " + describe() + " was changed by someone else (revision " + item.revision()
                    + " expected): another replicator of the same job is running. Stop it, then run this command again", e);
        }
    }

    /** Deletes the job's item (start over). */
    public void delete() {
        item.delete();
    }
}
