package dev.cutover.dynamodb.internal.expression;

import java.util.EnumMap;

/**
 * Semantic errors met while compiling one expression, first message of each kind kept; {@link #throwFirst} then reports
 * the kind DynamoDB reports first (its own order differs between the grammars).
 */
final class Errors {

    /** Kinds of semantic error. */
    enum Kind { PARENTHESES, UNKNOWN_FUNCTION, MISUSED_FUNCTION, RESERVED, SECTION, ATTR_NAME, ATTR_VALUE, PATH_OVERLAP,
        PATH_CONFLICT, OPERAND, DISTINCT, FUNCTION }

    static final Kind[] CONDITION_ORDER = {Kind.PARENTHESES, Kind.UNKNOWN_FUNCTION, Kind.MISUSED_FUNCTION, Kind.RESERVED,
        Kind.ATTR_NAME, Kind.OPERAND, Kind.DISTINCT, Kind.FUNCTION};
    static final Kind[] UPDATE_ORDER = {Kind.RESERVED, Kind.UNKNOWN_FUNCTION, Kind.SECTION, Kind.ATTR_NAME, Kind.ATTR_VALUE,
        Kind.PATH_OVERLAP, Kind.PATH_CONFLICT, Kind.OPERAND, Kind.FUNCTION};
    static final Kind[] PROJECTION_ORDER = {Kind.RESERVED, Kind.ATTR_NAME, Kind.PATH_OVERLAP, Kind.PATH_CONFLICT};

    private final EnumMap<Kind, String> first = new EnumMap<>(Kind.class);

    void add(Kind kind, String message) {
        first.putIfAbsent(kind, message);
    }

    boolean any() {
        return !first.isEmpty();
    }

    void throwFirst(String label, Kind[] order) {
        for (Kind kind : order) {
            String message = first.get(kind);
            if (message != null) {
                throw Parser.error(label, message);
            }
        }
        if (!first.isEmpty()) {
            throw Parser.error(label, first.values().iterator().next());
        }
    }
}
