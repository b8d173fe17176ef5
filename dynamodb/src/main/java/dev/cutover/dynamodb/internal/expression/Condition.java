package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.Map;
import java.util.Set;

/** A parsed ConditionExpression or FilterExpression, ready to evaluate against items. Immutable and thread-safe. */
public interface Condition {

    /** True when {@code item} (an empty map when the item does not exist) satisfies the condition. */
    boolean test(Map<String, AttributeValue> item);

    /** The top-level attributes the condition reads (a Query filter may not name a key attribute). */
    default Set<String> attributes() {
        return Set.of();
    }
}
