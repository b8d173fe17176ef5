package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One request's ExpressionAttributeNames and ExpressionAttributeValues, shared by all the expressions of the request:
 * parsing an expression marks the placeholders it uses, and {@link #checkAllUsed()} then refuses unused ones as
 * DynamoDB does. Not thread-safe (one request at a time).
 */
public final class ExpressionContext {

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /** Either map may be null: the request did not give it. */
    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names;
        this.values = values;
    }

    /**
     * After all the expressions of one request were parsed: refuses names and values no expression used, with DynamoDB's
     * messages ("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"; names are checked
     * before values).
     */
    public void checkAllUsed() {
        if (names != null) {
            String unused = unused(names.keySet(), usedNames);
            if (unused != null) {
                throw DynamoDbException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: " + unused);
            }
        }
        if (values != null) {
            String unused = unused(values.keySet(), usedValues);
            if (unused != null) {
                throw DynamoDbException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: "
                        + unused);
            }
        }
    }

    private static String unused(Set<String> given, Set<String> used) {
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        boolean any = false;
        for (String key : given) {
            if (!used.contains(key)) {
                joiner.add(key);
                any = true;
            }
        }
        return any ? joiner.toString() : null;
    }

    /** The attribute name {@code placeholder} (e.g. {@code #n}) stands for, marking it used; null when not defined. */
    String name(String placeholder) {
        String name = names == null ? null : names.get(placeholder);
        if (name != null) {
            usedNames.add(placeholder);
        }
        return name;
    }

    /** The value {@code placeholder} (e.g. {@code :v}) stands for, marking it used; null when not defined. */
    AttributeValue value(String placeholder) {
        AttributeValue value = values == null ? null : values.get(placeholder);
        if (value != null) {
            usedValues.add(placeholder);
        }
        return value;
    }
}
