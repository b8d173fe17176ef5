package dev.cutover.migrations.replication.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One stream record as the replicator applies it: the item's keys and, for INSERT and MODIFY, its full new image
 * ({@code null} for REMOVE).
 *
 * @param sequenceNumber the record's SequenceNumber
 * @param created the record's ApproximateCreationDateTime
 */
public record Change(String sequenceNumber, Instant created, Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage) {
    public Change {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(created, "created");
        keys = Map.copyOf(Objects.requireNonNull(keys, "keys"));
    }

    public boolean isRemove() {
        return newImage == null;
    }
}
