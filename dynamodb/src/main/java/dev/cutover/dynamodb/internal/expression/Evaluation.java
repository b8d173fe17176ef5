package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import dev.cutover.dynamodb.internal.value.BinarySetValue;
import dev.cutover.dynamodb.internal.value.BinaryValue;
import dev.cutover.dynamodb.internal.value.ListValue;
import dev.cutover.dynamodb.internal.value.MapValue;
import dev.cutover.dynamodb.internal.value.NumberSetValue;
import dev.cutover.dynamodb.internal.value.NumberValue;
import dev.cutover.dynamodb.internal.value.StringSetValue;
import dev.cutover.dynamodb.internal.value.StringValue;

/** Runtime semantics of comparators and functions, shared by the evaluators. Values of different types never match. */
final class Evaluation {

    static final int EQ = 0;
    static final int NE = 1;
    static final int LT = 2;
    static final int LE = 3;
    static final int GT = 4;
    static final int GE = 5;

    private Evaluation() {
    }

    static int comparator(String op) {
        switch (op) {
            case "=":
                return EQ;
            case "<>":
                return NE;
            case "<":
                return LT;
            case "<=":
                return LE;
            case ">":
                return GT;
            case ">=":
                return GE;
            default:
                throw new IllegalArgumentException(op);
        }
    }

    /** {@code a op b}; a missing operand makes every comparator false except {@code <>} (true when only one is missing). */
    static boolean compare(int op, AttributeValue a, AttributeValue b) {
        if (op == EQ) {
            return a != null && a.equals(b);
        }
        if (op == NE) {
            return a == null ? b != null : !a.equals(b);
        }
        if (a == null || b == null) {
            return false;
        }
        Integer c = AttributeValues.compare(a, b);
        if (c == null) {
            return false;
        }
        switch (op) {
            case LT:
                return c < 0;
            case LE:
                return c <= 0;
            case GT:
                return c > 0;
            case GE:
                return c >= 0;
            default:
                return false;
        }
    }

    /** BETWEEN: {@code low <= value <= high}, all three of one orderable type (S, N or B). */
    static boolean between(AttributeValue value, AttributeValue low, AttributeValue high) {
        return compare(GE, value, low) && compare(LE, value, high);
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

    /** contains: a substring of a string (or binary), a member of a set, or an element of a list. */
    static boolean contains(AttributeValue container, AttributeValue part) {
        if (container == null || part == null) {
            return false;
        }
        if (container instanceof StringValue s) {
            return part instanceof StringValue p && s.value().contains(p.value());
        }
        if (container instanceof BinaryValue b) {
            return part instanceof BinaryValue p && b.contains(p);
        }
        if (container instanceof StringSetValue ss) {
            return part instanceof StringValue p && ss.values().contains(p.value());
        }
        if (container instanceof NumberSetValue ns) {
            return part instanceof NumberValue p && ns.values().contains(p);
        }
        if (container instanceof BinarySetValue bs) {
            return part instanceof BinaryValue p && bs.values().contains(p);
        }
        if (container instanceof ListValue list) {
            return list.values().contains(part);
        }
        return false;
    }

    /**
     * size(): a string's length in UTF-8 bytes, a binary's length in bytes, the number of members of a set, list or
     * map; null (no value) for numbers, booleans, nulls and missing attributes.
     */
    static NumberValue size(AttributeValue value) {
        if (value instanceof StringValue s) {
            return NumberValue.of(StringValue.utf8Length(s.value()));
        }
        if (value instanceof BinaryValue b) {
            return NumberValue.of(b.length());
        }
        if (value instanceof StringSetValue ss) {
            return NumberValue.of(ss.values().size());
        }
        if (value instanceof NumberSetValue ns) {
            return NumberValue.of(ns.values().size());
        }
        if (value instanceof BinarySetValue bs) {
            return NumberValue.of(bs.values().size());
        }
        if (value instanceof ListValue l) {
            return NumberValue.of(l.values().size());
        }
        if (value instanceof MapValue m) {
            return NumberValue.of(m.values().size());
        }
        return null;
    }

    /** DynamoDB's rendering of a scalar in messages: {@code {N:5}}, {@code {S:abc}}. */
    static String render(AttributeValue v) {
        String body;
        if (v instanceof StringValue s) {
            body = s.value();
        } else if (v instanceof NumberValue n) {
            body = n.text();
        } else if (v instanceof BinaryValue b) {
            body = b.base64();
        } else {
            body = String.valueOf(v);
        }
        return "{" + v.type() + ":" + body + "}";
    }
}
