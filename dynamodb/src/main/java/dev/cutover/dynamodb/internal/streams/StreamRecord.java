package dev.cutover.dynamodb.internal.streams;

import java.time.Instant;

/**
 * One change as a stream keeps it: the key and the images its view type asks for, already serialised to DynamoDB JSON
 * (so a record costs its bytes, not an object graph, and later changes to the item cannot reach it).
 *
 * @param sequence the stream's counter value (see {@link SequenceNumbers})
 * @param keys the item's key attributes as a DynamoDB JSON map
 * @param newImage the item after the change, or null (REMOVE, or not in the view type)
 * @param oldImage the item before the change, or null (INSERT, or not in the view type)
 * @param byTimeToLive whether TTL removed the item (the record then names the DynamoDB service as its user identity)
 */
record StreamRecord(long sequence, String eventId, String eventName, Instant created, byte[] keys, byte[] newImage, byte[] oldImage,
        long sizeBytes, boolean byTimeToLive) {

    StreamRecord withSequence(long value) {
        return new StreamRecord(value, eventId, eventName, created, keys, newImage, oldImage, sizeBytes, byTimeToLive);
    }
}
