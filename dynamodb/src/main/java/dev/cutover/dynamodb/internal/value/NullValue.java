package dev.cutover.dynamodb.internal.value;

/** NULL (always {@code {"NULL": true}} on the wire). */
public record NullValue() implements AttributeValue {

    public static final NullValue INSTANCE = new NullValue();

    @Override
    public String type() {
        return "NULL";
    }

    @Override
    public long size() {
        return 1;
    }
}
