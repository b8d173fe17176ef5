package dev.cutover.dynamodb.internal.value;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** SS: a non-empty set of distinct strings (order kept as given, ignored for equality). */
public record StringSetValue(Set<String> values) implements AttributeValue {

    public StringSetValue {
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    @Override
    public String type() {
        return "SS";
    }

    @Override
    public long size() {
        long size = 0;
        for (String s : values) {
            size += StringValue.utf8Length(s);
        }
        return size;
    }
}
