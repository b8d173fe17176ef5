package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.BinaryValue;
import dev.cutover.dynamodb.internal.value.StringValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** A table's or index's key: hash attribute and optional range attribute, each with its scalar type (S, N or B). */
record KeySchema(String hashName, String hashType, String rangeName, String rangeType) {

    static final int MAX_HASH_KEY_BYTES = 2048;
    static final int MAX_RANGE_KEY_BYTES = 1024;

    boolean hasRange() {
        return rangeName != null;
    }

    boolean isKeyAttribute(String name) {
        return name.equals(hashName) || name.equals(rangeName);
    }

    /**
     * The key of a full key map (GetItem's Key): exactly the schema's attributes of the schema's types, or DynamoDB's
     * "The provided key element does not match the schema".
     */
    ItemKey keyOf(Map<String, AttributeValue> key) {
        if (key == null) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        int expected = hasRange() ? 2 : 1;
        AttributeValue hash = key.get(hashName);
        AttributeValue range = hasRange() ? key.get(rangeName) : null;
        if (key.size() != expected || hash == null || hasRange() && range == null
                || !hash.type().equals(hashType) || range != null && !range.type().equals(rangeType)) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        checkKeyValue(hash, true, hashName);
        if (range != null) {
            checkKeyValue(range, false, rangeName);
        }
        return ItemKey.of(hash, range);
    }

    /** The key of a whole item (PutItem's Item), with DynamoDB's messages for missing or mistyped key attributes. */
    ItemKey keyOfItem(Map<String, AttributeValue> item) {
        AttributeValue hash = item.get(hashName);
        if (hash == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Missing the key " + hashName + " in the item");
        }
        checkType(hash, hashName, hashType);
        checkKeyValue(hash, true, hashName);
        AttributeValue range = null;
        if (hasRange()) {
            range = item.get(rangeName);
            if (range == null) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Missing the key " + rangeName
                        + " in the item");
            }
            checkType(range, rangeName, rangeType);
            checkKeyValue(range, false, rangeName);
        }
        return ItemKey.of(hash, range);
    }

    private static void checkType(AttributeValue value, String name, String type) {
        if (!value.type().equals(type)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for key " + name
                    + " expected: " + type + " actual: " + value.type());
        }
    }

    static void checkKeyValue(AttributeValue value, boolean hash, String name) {
        long length;
        if (value instanceof StringValue s) {
            length = StringValue.utf8Length(s.value());
        } else if (value instanceof BinaryValue b) {
            length = b.length();
        } else {
            return;
        }
        if (length == 0) {
            throw DynamoDbException.validation("One or more parameter values were invalid: The AttributeValue for a key attribute cannot"
                    + " contain an empty " + (value instanceof StringValue ? "string" : "binary") + " value. Key: " + name);
        }
        if (hash && length > MAX_HASH_KEY_BYTES) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size"
                    + " limit of" + MAX_HASH_KEY_BYTES + " bytes");
        }
        if (!hash && length > MAX_RANGE_KEY_BYTES) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Aggregated size of all range keys has"
                    + " exceeded the size limit of " + MAX_RANGE_KEY_BYTES + " bytes");
        }
    }

    /** The key attributes of {@code key} as a map (for LastEvaluatedKey and key-only projections). */
    Map<String, AttributeValue> toMap(ItemKey key) {
        Map<String, AttributeValue> map = new LinkedHashMap<>(4);
        map.put(hashName, key.hash());
        if (hasRange()) {
            map.put(rangeName, key.range());
        }
        return map;
    }
}
