package dev.cutover.dynamodb.internal.value;

/** BOOL. */
public record BoolValue(boolean value) implements AttributeValue {

    public static final BoolValue TRUE = new BoolValue(true);
    public static final BoolValue FALSE = new BoolValue(false);

    @Override
    public String type() {
        return "BOOL";
    }

    @Override
    public long size() {
        return 1;
    }
}
