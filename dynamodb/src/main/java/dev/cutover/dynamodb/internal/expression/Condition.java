package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.Map;

/** A parsed ConditionExpression or FilterExpression, ready to evaluate against items. Immutable and thread-safe. */
public interface Condition {

    /** True when {@code item} (an empty map when the item does not exist) satisfies the condition. */
    boolean test(Map<String, AttributeValue> item);
}
