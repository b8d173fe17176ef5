package dev.cutover.sandbox.internal.iam;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One condition test of a statement, e.g. {@code "StringEquals": {"sts:ExternalId": "abc"}}.
 *
 * @param operator the base operator without the IfExists suffix or set prefix, e.g. "StringLike"
 * @param ifExists whether a missing key makes the test pass
 * @param key the context key, lower-cased (IAM condition keys are case-insensitive)
 * @param values the values to compare with (any of them may match)
 */
record PolicyCondition(String operator, boolean ifExists, String key, List<String> values) {

    static final List<String> OPERATORS = List.of(
            "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
            "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Bool", "Null");

    PolicyCondition {
        key = key.toLowerCase(Locale.ROOT);
        values = List.copyOf(values);
    }

    boolean isSatisfied(Function<String, Optional<String>> context) {
        Optional<String> actual = context.apply(key);
        if (operator.equals("Null")) {
            boolean wantsMissing = values.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return actual.isEmpty() == wantsMissing;
        }
        if (actual.isEmpty()) {
            // AWS: a missing key fails every positive operator and passes every negated one.
            return ifExists || operator.contains("Not");
        }
        String value = actual.get();
        return switch (operator) {
            case "StringEquals", "ArnEquals" -> values.contains(value);
            case "StringNotEquals", "ArnNotEquals" -> !values.contains(value);
            case "StringEqualsIgnoreCase" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            case "StringNotEqualsIgnoreCase" -> values.stream().noneMatch(v -> v.equalsIgnoreCase(value));
            case "StringLike" -> values.stream().anyMatch(v -> Wildcard.matches(v, value, false));
            case "StringNotLike" -> values.stream().noneMatch(v -> Wildcard.matches(v, value, false));
            case "ArnLike" -> values.stream().anyMatch(v -> Wildcard.matchesArn(v, value));
            case "ArnNotLike" -> values.stream().noneMatch(v -> Wildcard.matchesArn(v, value));
            case "Bool" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            default -> throw new IllegalStateException("operator validated at parse time: " + operator);
        };
    }
}
