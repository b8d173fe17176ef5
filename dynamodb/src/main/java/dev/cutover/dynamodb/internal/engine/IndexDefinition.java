package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local or global secondary index: its key, its projection, and (for a GSI) its own provisioned throughput.
 *
 * @param nonKeyAttributes for INCLUDE, the projected non-key attributes (empty otherwise)
 */
record IndexDefinition(String name, boolean global, KeySchema key, String projectionType, List<String> nonKeyAttributes,
        long readCapacity, long writeCapacity) {

    IndexDefinition {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }

    /** The item as this index holds it: index and table keys plus the projected attributes. */
    Map<String, AttributeValue> project(Map<String, AttributeValue> item, KeySchema tableKey) {
        if ("ALL".equals(projectionType)) {
            return item;
        }
        Map<String, AttributeValue> projected = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = e.getKey();
            if (key.isKeyAttribute(name) || tableKey.isKeyAttribute(name) || nonKeyAttributes.contains(name)) {
                projected.put(name, e.getValue());
            }
        }
        return projected;
    }

    /** True when the index holds {@code attribute} (so a Query on it can return it without a fetch). */
    boolean projects(String attribute, KeySchema tableKey) {
        return "ALL".equals(projectionType) || key.isKeyAttribute(attribute) || tableKey.isKeyAttribute(attribute)
                || nonKeyAttributes.contains(attribute);
    }
}
