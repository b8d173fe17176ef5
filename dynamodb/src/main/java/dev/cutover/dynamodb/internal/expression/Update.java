package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.Map;
import java.util.Set;

/** A parsed UpdateExpression. Immutable and thread-safe. */
public interface Update {

    /**
     * Applies the update to a copy of {@code item} (an empty map when the item does not exist) and returns the new item.
     * Fails as DynamoDB does, e.g. "An operand in the update expression has an incorrect data type", "The provided
     * expression refers to an attribute that does not exist in the item", "The document path provided in the update
     * expression is invalid for update".
     */
    Map<String, AttributeValue> apply(Map<String, AttributeValue> item);

    /** The top-level attribute names this update writes or removes (to refuse key-attribute updates). */
    Set<String> topLevelAttributes();

    /** For ReturnValues UPDATED_OLD/UPDATED_NEW: the parts of {@code item} at the paths the update touched. */
    Map<String, AttributeValue> updatedParts(Map<String, AttributeValue> item);
}
