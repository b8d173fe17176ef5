package dev.cutover.dynamodb.internal.value;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** NS: a non-empty set of distinct numbers (by value: 1 and 1.0 are the same member). */
public record NumberSetValue(Set<NumberValue> values) implements AttributeValue {

    public NumberSetValue {
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    @Override
    public String type() {
        return "NS";
    }

    @Override
    public long size() {
        long size = 0;
        for (NumberValue n : values) {
            size += n.size();
        }
        return size;
    }
}
