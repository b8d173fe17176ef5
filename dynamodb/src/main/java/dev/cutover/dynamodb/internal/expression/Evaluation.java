package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.BinaryValue;
import dev.cutover.dynamodb.internal.value.StringValue;

/** Runtime helpers shared by the evaluators. */
final class Evaluation {

    private Evaluation() {
    }

    /** begins_with: a string prefix of a string, or a binary prefix of a binary; false for anything else. */
    static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
        if (value instanceof StringValue s && prefix instanceof StringValue p) {
            return s.value().startsWith(p.value());
        }
        if (value instanceof BinaryValue b && prefix instanceof BinaryValue p) {
            return b.startsWith(p);
        }
        return false;
    }
}
