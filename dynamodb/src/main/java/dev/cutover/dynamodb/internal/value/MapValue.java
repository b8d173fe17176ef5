package dev.cutover.dynamodb.internal.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** M: a map of attribute names to values (an item's nested document). */
public record MapValue(Map<String, AttributeValue> values) implements AttributeValue {

    public MapValue {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String type() {
        return "M";
    }

    @Override
    public long size() {
        long size = 3;
        for (Map.Entry<String, AttributeValue> e : values.entrySet()) {
            size += StringValue.utf8Length(e.getKey()) + e.getValue().size() + 1;
        }
        return size;
    }
}
