package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.Map;

/** A compiled operand: a path, a constant or {@code size(...)}; null when it resolves to nothing in the item. */
@FunctionalInterface
interface Operand {

    AttributeValue eval(Map<String, AttributeValue> item);
}
