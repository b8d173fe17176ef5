package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.util.Map;

/**
 * An item as the engine keeps it: its compact DynamoDB JSON (what GetItem and Scan write out as is) and its size as
 * DynamoDB counts it. The attribute map is parsed again only when an expression or an index needs it; keeping the bytes
 * instead of the object graph holds a 300-byte item in about a third of the memory.
 */
final class StoredItem {

    private final byte[] json;
    private final int size;

    private StoredItem(byte[] json, int size) {
        this.json = json;
        this.size = size;
    }

    static StoredItem of(Map<String, AttributeValue> item) {
        return new StoredItem(Json.itemBytes(item), (int) AttributeValues.itemSize(item));
    }

    byte[] json() {
        return json;
    }

    int size() {
        return size;
    }

    Map<String, AttributeValue> attributes() {
        return Json.readItemBytes(json);
    }
}
