package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;

/** A parsed KeyConditionExpression: the partition key's value and an optional sort key condition. */
public interface KeyCondition {

    /** The value the partition key must equal. */
    AttributeValue hashValue();

    /** The sort key condition, or null when there is none. */
    RangeCondition range();
}
