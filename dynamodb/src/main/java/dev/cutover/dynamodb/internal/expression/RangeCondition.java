package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;

/**
 * A sort key condition of a KeyConditionExpression.
 *
 * @param op     the operator
 * @param first  the value compared with (the lower bound for BETWEEN, the prefix for BEGINS_WITH)
 * @param second the upper bound for BETWEEN, else null
 */
public record RangeCondition(Op op, AttributeValue first, AttributeValue second) {

    /** The operators a sort key condition may use. */
    public enum Op { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    /** True when {@code sortKeyValue} satisfies the condition; values of another type never match. */
    public boolean matches(AttributeValue sortKeyValue) {
        if (sortKeyValue == null) {
            return false;
        }
        if (op == Op.BEGINS_WITH) {
            return Evaluation.beginsWith(sortKeyValue, first);
        }
        Integer c = AttributeValues.compare(sortKeyValue, first);
        if (c == null) {
            return false;
        }
        switch (op) {
            case EQ:
                return c == 0;
            case LT:
                return c < 0;
            case LE:
                return c <= 0;
            case GT:
                return c > 0;
            case GE:
                return c >= 0;
            case BETWEEN:
                Integer d = AttributeValues.compare(sortKeyValue, second);
                return c >= 0 && d != null && d <= 0;
            default:
                return false;
        }
    }
}
