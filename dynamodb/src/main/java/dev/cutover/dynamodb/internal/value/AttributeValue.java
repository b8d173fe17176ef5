package dev.cutover.dynamodb.internal.value;

/**
 * One DynamoDB attribute value, immutable. Equality follows DynamoDB: numbers compare by value
 * ({@code 1.0} equals {@code 1}), sets ignore order, binaries compare by content.
 */
public sealed interface AttributeValue permits StringValue, NumberValue, BinaryValue, StringSetValue, NumberSetValue,
        BinarySetValue, MapValue, ListValue, BoolValue, NullValue {

    /** The wire type descriptor: S, N, B, SS, NS, BS, M, L, BOOL or NULL. */
    String type();

    /** The value's size as DynamoDB counts it for item size limits and capacity units (attribute name not included). */
    long size();
}
