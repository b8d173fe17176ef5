package dev.cutover.dynamodb.internal.value;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** BS: a non-empty set of distinct binaries. */
public record BinarySetValue(Set<BinaryValue> values) implements AttributeValue {

    public BinarySetValue {
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    @Override
    public String type() {
        return "BS";
    }

    @Override
    public long size() {
        long size = 0;
        for (BinaryValue b : values) {
            size += b.size();
        }
        return size;
    }
}
