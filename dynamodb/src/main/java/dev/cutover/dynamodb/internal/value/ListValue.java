package dev.cutover.dynamodb.internal.value;

import java.util.List;

/** L: an ordered list of values of any type. */
public record ListValue(List<AttributeValue> values) implements AttributeValue {

    public ListValue {
        values = List.copyOf(values);
    }

    @Override
    public String type() {
        return "L";
    }

    @Override
    public long size() {
        long size = 3;
        for (AttributeValue v : values) {
            size += v.size() + 1;
        }
        return size;
    }
}
