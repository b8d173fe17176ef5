package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.ListValue;
import dev.cutover.dynamodb.internal.value.MapValue;
import java.util.List;
import java.util.Map;

/**
 * A resolved document path: a top-level attribute name followed by map keys ({@link String}) and list indexes
 * ({@link Integer}).
 */
final class DocumentPath {

    private final Object[] elements;

    DocumentPath(List<Object> elements) {
        this.elements = elements.toArray();
    }

    int length() {
        return elements.length;
    }

    Object element(int i) {
        return elements[i];
    }

    String head() {
        return (String) elements[0];
    }

    /** The value at this path in {@code item}, or null when absent (or a step meets a value of the wrong type). */
    AttributeValue get(Map<String, AttributeValue> item) {
        return get(item, elements.length);
    }

    /** The value at the first {@code depth} elements of this path. */
    AttributeValue get(Map<String, AttributeValue> item, int depth) {
        AttributeValue current = item.get((String) elements[0]);
        for (int i = 1; i < depth && current != null; i++) {
            current = step(current, elements[i]);
        }
        return current;
    }

    static AttributeValue step(AttributeValue current, Object element) {
        if (element instanceof Integer index) {
            if (current instanceof ListValue list && index < list.values().size()) {
                return list.values().get(index);
            }
            return null;
        }
        if (current instanceof MapValue map) {
            return map.values().get((String) element);
        }
        return null;
    }

    /** True when both paths have the same elements. */
    boolean sameAs(DocumentPath other) {
        return java.util.Arrays.equals(elements, other.elements);
    }

    /** DynamoDB's rendering in messages: {@code [a, b, [2]]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            if (elements[i] instanceof Integer) {
                b.append('[').append(elements[i]).append(']');
            } else {
                b.append(elements[i]);
            }
        }
        return b.append(']').toString();
    }
}
