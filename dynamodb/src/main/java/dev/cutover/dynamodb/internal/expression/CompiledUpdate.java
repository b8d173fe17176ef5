package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.Ast.Action;
import dev.cutover.dynamodb.internal.expression.Ast.ArithNode;
import dev.cutover.dynamodb.internal.expression.Ast.FuncNode;
import dev.cutover.dynamodb.internal.expression.Ast.Node;
import dev.cutover.dynamodb.internal.expression.Ast.PathNode;
import dev.cutover.dynamodb.internal.expression.Ast.ValueNode;
import dev.cutover.dynamodb.internal.expression.Errors.Kind;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.BinarySetValue;
import dev.cutover.dynamodb.internal.value.BinaryValue;
import dev.cutover.dynamodb.internal.value.ListValue;
import dev.cutover.dynamodb.internal.value.MapValue;
import dev.cutover.dynamodb.internal.value.NumberSetValue;
import dev.cutover.dynamodb.internal.value.NumberValue;
import dev.cutover.dynamodb.internal.value.StringSetValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled UpdateExpression. {@link #apply} evaluates every SET value against the item as it was, then applies SET, ADD
 * and DELETE in expression order and REMOVE last (list elements by descending index, so indexes refer to the old list).
 */
final class CompiledUpdate implements Update {

    static final String INCORRECT_TYPE = "An operand in the update expression has an incorrect data type";
    static final String NO_SUCH_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
    static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";

    private static final Map<String, String> OPERAND_TYPE_NAMES = Map.of("S", "STRING", "N", "NUMBER", "B", "BINARY",
            "NULL", "NULL", "BOOL", "BOOLEAN", "L", "LIST", "M", "MAP");

    /** A SET value evaluated against the old item. */
    @FunctionalInterface
    private interface Value {
        AttributeValue eval(Map<String, AttributeValue> item);
    }

    /** The change at a path: from the existing value (null when absent) to the new one (null to remove). */
    @FunctionalInterface
    private interface Mutation {
        AttributeValue apply(AttributeValue existing);
    }

    private record Step(String section, DocumentPath path, Value value, AttributeValue operand) {
    }

    private final List<Step> steps;
    private final List<Step> removes;
    private final Set<String> topLevel;
    private final ProjectionTree touched;

    private CompiledUpdate(List<Step> steps, List<Step> removes, List<DocumentPath> paths) {
        this.steps = steps;
        this.removes = removes;
        Set<String> heads = new LinkedHashSet<>();
        for (DocumentPath p : paths) {
            heads.add(p.head());
        }
        this.topLevel = Collections.unmodifiableSet(heads);
        this.touched = ProjectionTree.of(paths);
    }

    static CompiledUpdate compile(List<Action> actions, Set<String> duplicateSections, Resolver resolver) {
        Errors errors = resolver.errors();
        for (String section : duplicateSections) {
            errors.add(Kind.SECTION, "The \"" + section + "\" section can only be used once in an update expression;");
        }
        List<DocumentPath> paths = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<Step> removes = new ArrayList<>();
        for (Action a : actions) {
            DocumentPath path = resolver.path(a.path());
            resolver.checkOverlap(paths, path);
            switch (a.section()) {
                case "SET":
                    steps.add(new Step("SET", path, value(a.value(), resolver), null));
                    break;
                case "REMOVE":
                    removes.add(new Step("REMOVE", path, null, null));
                    break;
                default:
                    AttributeValue operand = resolver.value((ValueNode) a.value());
                    String typeName = OPERAND_TYPE_NAMES.get(operand.type());
                    if (typeName != null && !(a.section().equals("ADD") && typeName.equals("NUMBER"))
                            && resolver.literal(a.value()) != null) {
                        errors.add(Kind.OPERAND, "Incorrect operand type for operator or function; operator: " + a.section()
                                + ", operand type: " + typeName);
                    }
                    steps.add(new Step(a.section(), path, null, operand));
                    break;
            }
        }
        removes.sort(CompiledUpdate::removalOrder);
        return new CompiledUpdate(steps, removes, paths);
    }

    /** List elements of one list by descending index, so that removing one does not shift the others. */
    private static int removalOrder(Step a, Step b) {
        int n = Math.min(a.path.length(), b.path.length());
        for (int i = 0; i < n; i++) {
            Object x = a.path.element(i);
            Object y = b.path.element(i);
            if (x instanceof Integer xi && y instanceof Integer yi) {
                if (!xi.equals(yi)) {
                    return Integer.compare(yi, xi);
                }
            } else if (!x.equals(y)) {
                return 0;
            }
        }
        return 0;
    }

    private static Value value(Node node, Resolver resolver) {
        Errors errors = resolver.errors();
        if (node instanceof PathNode p) {
            DocumentPath path = resolver.path(p);
            return item -> {
                AttributeValue v = path.get(item);
                if (v == null) {
                    throw DynamoDbException.validation(NO_SUCH_ATTRIBUTE);
                }
                return v;
            };
        }
        if (node instanceof ValueNode v) {
            AttributeValue value = resolver.value(v);
            return item -> value;
        }
        if (node instanceof ArithNode arith) {
            for (Node arg : List.of(arith.left(), arith.right())) {
                AttributeValue literal = resolver.literal(arg);
                if (literal != null && !literal.type().equals("N")) {
                    errors.add(Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: " + arith.op()
                            + ", operand type: " + literal.type());
                    break;
                }
            }
            Value left = value(arith.left(), resolver);
            Value right = value(arith.right(), resolver);
            boolean plus = arith.op().equals("+");
            return item -> {
                AttributeValue a = left.eval(item);
                if (!(a instanceof NumberValue x)) {
                    throw DynamoDbException.validation(INCORRECT_TYPE);
                }
                AttributeValue b = right.eval(item);
                if (!(b instanceof NumberValue y)) {
                    throw DynamoDbException.validation(INCORRECT_TYPE);
                }
                return NumberValue.of(plus ? x.value().add(y.value()) : x.value().subtract(y.value()));
            };
        }
        FuncNode f = (FuncNode) node;
        if (!f.name().equals("if_not_exists") && !f.name().equals("list_append")) {
            errors.add(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + f.name());
            return item -> null;
        }
        if (f.args().size() != 2) {
            errors.add(Kind.FUNCTION, "Incorrect number of operands for operator or function; operator or function: " + f.name()
                    + ", number of operands: " + f.args().size());
            return item -> null;
        }
        if (f.name().equals("if_not_exists")) {
            if (!(f.args().get(0) instanceof PathNode p)) {
                errors.add(Kind.FUNCTION, "Operator or function requires a document path; operator or function: if_not_exists");
                value(f.args().get(1), resolver);
                return item -> null;
            }
            DocumentPath path = resolver.path(p);
            Value fallback = value(f.args().get(1), resolver);
            return item -> {
                AttributeValue v = path.get(item);
                return v != null ? v : fallback.eval(item);
            };
        }
        for (Node arg : f.args()) {
            AttributeValue literal = resolver.literal(arg);
            if (literal != null && !literal.type().equals("L")) {
                errors.add(Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: list_append, "
                        + "operand type: " + literal.type());
                break;
            }
        }
        Value first = value(f.args().get(0), resolver);
        Value second = value(f.args().get(1), resolver);
        return item -> {
            AttributeValue a = first.eval(item);
            if (!(a instanceof ListValue x)) {
                throw DynamoDbException.validation(INCORRECT_TYPE);
            }
            AttributeValue b = second.eval(item);
            if (!(b instanceof ListValue y)) {
                throw DynamoDbException.validation(INCORRECT_TYPE);
            }
            List<AttributeValue> joined = new ArrayList<>(x.values().size() + y.values().size());
            joined.addAll(x.values());
            joined.addAll(y.values());
            return new ListValue(joined);
        };
    }

    @Override
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        AttributeValue[] values = new AttributeValue[steps.size()];
        for (int i = 0; i < values.length; i++) {
            Step s = steps.get(i);
            if (s.value != null) {
                values[i] = s.value.eval(item);
            }
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>(item);
        for (int i = 0; i < values.length; i++) {
            Step s = steps.get(i);
            AttributeValue v = values[i];
            switch (s.section) {
                case "SET":
                    mutate(result, s.path, existing -> v);
                    break;
                case "ADD":
                    mutate(result, s.path, existing -> add(existing, s.operand));
                    break;
                case "DELETE":
                    mutate(result, s.path, existing -> delete(existing, s.operand));
                    break;
                default:
                    throw new IllegalStateException(s.section);
            }
        }
        for (Step s : removes) {
            mutate(result, s.path, existing -> null);
        }
        return result;
    }

    private static AttributeValue add(AttributeValue existing, AttributeValue operand) {
        if (existing == null) {
            return operand;
        }
        if (existing instanceof NumberValue x && operand instanceof NumberValue y) {
            return NumberValue.of(x.value().add(y.value()));
        }
        if (existing instanceof StringSetValue x && operand instanceof StringSetValue y) {
            Set<String> union = new LinkedHashSet<>(x.values());
            union.addAll(y.values());
            return new StringSetValue(union);
        }
        if (existing instanceof NumberSetValue x && operand instanceof NumberSetValue y) {
            Set<NumberValue> union = new LinkedHashSet<>(x.values());
            union.addAll(y.values());
            return new NumberSetValue(union);
        }
        if (existing instanceof BinarySetValue x && operand instanceof BinarySetValue y) {
            Set<BinaryValue> union = new LinkedHashSet<>(x.values());
            union.addAll(y.values());
            return new BinarySetValue(union);
        }
        throw DynamoDbException.validation(INCORRECT_TYPE);
    }

    private static AttributeValue delete(AttributeValue existing, AttributeValue operand) {
        if (existing == null) {
            return null;
        }
        if (existing instanceof StringSetValue x && operand instanceof StringSetValue y) {
            Set<String> rest = new LinkedHashSet<>(x.values());
            rest.removeAll(y.values());
            return rest.isEmpty() ? null : new StringSetValue(rest);
        }
        if (existing instanceof NumberSetValue x && operand instanceof NumberSetValue y) {
            Set<NumberValue> rest = new LinkedHashSet<>(x.values());
            rest.removeAll(y.values());
            return rest.isEmpty() ? null : new NumberSetValue(rest);
        }
        if (existing instanceof BinarySetValue x && operand instanceof BinarySetValue y) {
            Set<BinaryValue> rest = new LinkedHashSet<>(x.values());
            rest.removeAll(y.values());
            return rest.isEmpty() ? null : new BinarySetValue(rest);
        }
        throw DynamoDbException.validation(INCORRECT_TYPE);
    }

    /** Applies {@code m} at {@code path}, rebuilding the (immutable) maps and lists along it. */
    private static void mutate(Map<String, AttributeValue> root, DocumentPath path, Mutation m) {
        String head = path.head();
        if (path.length() == 1) {
            AttributeValue updated = m.apply(root.get(head));
            if (updated == null) {
                root.remove(head);
            } else {
                root.put(head, updated);
            }
            return;
        }
        AttributeValue child = root.get(head);
        if (child == null) {
            throw DynamoDbException.validation(INVALID_PATH);
        }
        root.put(head, mutateIn(child, path, 1, m));
    }

    private static AttributeValue mutateIn(AttributeValue container, DocumentPath path, int i, Mutation m) {
        Object element = path.element(i);
        boolean last = i == path.length() - 1;
        if (element instanceof Integer index) {
            if (!(container instanceof ListValue list)) {
                throw DynamoDbException.validation(INVALID_PATH);
            }
            List<AttributeValue> values = new ArrayList<>(list.values());
            if (last) {
                AttributeValue existing = index < values.size() ? values.get(index) : null;
                AttributeValue updated = m.apply(existing);
                if (updated == null) {
                    if (existing != null) {
                        values.remove((int) index);
                    }
                } else if (existing != null) {
                    values.set(index, updated);
                } else {
                    values.add(updated);
                }
            } else {
                if (index >= values.size()) {
                    throw DynamoDbException.validation(INVALID_PATH);
                }
                values.set(index, mutateIn(values.get(index), path, i + 1, m));
            }
            return new ListValue(values);
        }
        if (!(container instanceof MapValue map)) {
            throw DynamoDbException.validation(INVALID_PATH);
        }
        String key = (String) element;
        Map<String, AttributeValue> values = new LinkedHashMap<>(map.values());
        if (last) {
            AttributeValue updated = m.apply(values.get(key));
            if (updated == null) {
                values.remove(key);
            } else {
                values.put(key, updated);
            }
        } else {
            AttributeValue child = values.get(key);
            if (child == null) {
                throw DynamoDbException.validation(INVALID_PATH);
            }
            values.put(key, mutateIn(child, path, i + 1, m));
        }
        return new MapValue(values);
    }

    @Override
    public Set<String> topLevelAttributes() {
        return topLevel;
    }

    @Override
    public Map<String, AttributeValue> updatedParts(Map<String, AttributeValue> item) {
        return touched.apply(item);
    }
}
