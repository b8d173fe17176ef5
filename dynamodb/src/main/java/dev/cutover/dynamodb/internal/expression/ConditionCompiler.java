package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.expression.Ast.AndNode;
import dev.cutover.dynamodb.internal.expression.Ast.BetweenNode;
import dev.cutover.dynamodb.internal.expression.Ast.CompareNode;
import dev.cutover.dynamodb.internal.expression.Ast.FuncNode;
import dev.cutover.dynamodb.internal.expression.Ast.InNode;
import dev.cutover.dynamodb.internal.expression.Ast.Node;
import dev.cutover.dynamodb.internal.expression.Ast.NotNode;
import dev.cutover.dynamodb.internal.expression.Ast.OrNode;
import dev.cutover.dynamodb.internal.expression.Ast.PathNode;
import dev.cutover.dynamodb.internal.expression.Ast.ValueNode;
import dev.cutover.dynamodb.internal.expression.Errors.Kind;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a condition tree as DynamoDB does and turns it into an evaluator. */
final class ConditionCompiler {

    static final int MAX_IN_OPERANDS = 100;

    private static final Map<String, Integer> FUNCTIONS = Map.of("attribute_exists", 1, "attribute_not_exists", 1,
            "attribute_type", 2, "begins_with", 2, "contains", 2, "size", 1);
    private static final Set<String> TYPE_NAMES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final Condition FALSE = item -> false;

    private final Resolver resolver;
    private final Errors errors;

    ConditionCompiler(Resolver resolver) {
        this.resolver = resolver;
        this.errors = resolver.errors();
    }

    Condition condition(Node node) {
        if (node instanceof AndNode and) {
            Condition left = child(and.left());
            Condition right = child(and.right());
            return item -> left.test(item) && right.test(item);
        }
        if (node instanceof OrNode or) {
            Condition left = child(or.left());
            Condition right = child(or.right());
            return item -> left.test(item) || right.test(item);
        }
        if (node instanceof NotNode not) {
            Condition operand = child(not.operand());
            return item -> !operand.test(item);
        }
        if (node instanceof CompareNode c) {
            misused(c.left());
            misused(c.right());
            distinct(c.op(), c.left(), List.of(c.right()));
            Operand left = operand(c.left());
            Operand right = operand(c.right());
            int op = Evaluation.comparator(c.op());
            return item -> Evaluation.compare(op, left.eval(item), right.eval(item));
        }
        if (node instanceof BetweenNode b) {
            return between(b);
        }
        if (node instanceof InNode in) {
            return in(in);
        }
        if (node instanceof FuncNode f) {
            return function(f);
        }
        throw new IllegalStateException("not a condition: " + node);
    }

    private Condition child(Node node) {
        if (node instanceof FuncNode f && f.name().equals("size")) {
            misusedMessage("size");
        }
        return condition(node);
    }

    private Condition between(BetweenNode b) {
        misused(b.operand());
        misused(b.low());
        misused(b.high());
        AttributeValue low = resolver.literal(b.low());
        AttributeValue high = resolver.literal(b.high());
        if (low != null && high != null) {
            if (!low.type().equals(high.type())) {
                errors.add(Kind.FUNCTION, "The BETWEEN operator requires same data type for lower and upper bounds; "
                        + "lower bound operand: AttributeValue: " + Evaluation.render(low)
                        + ", upper bound operand: AttributeValue: " + Evaluation.render(high));
            } else {
                Integer c = AttributeValues.compare(low, high);
                if (c != null && c > 0) {
                    errors.add(Kind.FUNCTION, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                            + "lower bound operand: AttributeValue: " + Evaluation.render(low) + ", upper bound operand: AttributeValue: "
                            + Evaluation.render(high));
                }
            }
        }
        Operand value = operand(b.operand());
        Operand lo = operand(b.low());
        Operand hi = operand(b.high());
        return item -> Evaluation.between(value.eval(item), lo.eval(item), hi.eval(item));
    }

    private Condition in(InNode in) {
        misused(in.operand());
        for (Node n : in.list()) {
            misused(n);
        }
        if (in.list().size() > MAX_IN_OPERANDS) {
            errors.add(Kind.OPERAND, "The IN operator is provided with too many operands; number of operands: " + in.list().size());
        }
        distinct("IN", in.operand(), in.list());
        Operand value = operand(in.operand());
        Operand[] list = new Operand[in.list().size()];
        for (int i = 0; i < list.length; i++) {
            list[i] = operand(in.list().get(i));
        }
        return item -> {
            AttributeValue v = value.eval(item);
            if (v == null) {
                return false;
            }
            for (Operand o : list) {
                if (v.equals(o.eval(item))) {
                    return true;
                }
            }
            return false;
        };
    }

    private Condition function(FuncNode f) {
        String name = f.name();
        Integer arity = FUNCTIONS.get(name);
        if (arity == null) {
            errors.add(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
            return FALSE;
        }
        if (name.equals("size")) {
            misusedMessage(name);
            return FALSE;
        }
        List<Node> args = f.args();
        for (Node arg : args) {
            misused(arg);
        }
        if (args.size() != arity) {
            errors.add(Kind.OPERAND, "Incorrect number of operands for operator or function; operator or function: " + name
                    + ", number of operands: " + args.size());
            return FALSE;
        }
        if (arity == 2) {
            distinct(name, args.get(0), List.of(args.get(1)));
        }
        switch (name) {
            case "attribute_exists":
            case "attribute_not_exists": {
                if (!(args.get(0) instanceof PathNode path)) {
                    errors.add(Kind.FUNCTION, "Operator or function requires a document path; operator or function: " + name);
                    operand(args.get(0));
                    return FALSE;
                }
                DocumentPath p = resolver.path(path);
                return name.equals("attribute_exists") ? item -> p.get(item) != null : item -> p.get(item) == null;
            }
            case "attribute_type": {
                String type = staticType(args.get(1));
                AttributeValue literal = resolver.literal(args.get(1));
                Operand value = operand(args.get(0));
                operand(args.get(1));
                if (!"S".equals(type)) {
                    errors.add(Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: attribute_type, "
                            + "operand type: " + (type == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : type));
                    return FALSE;
                }
                String typeName = ((dev.cutover.dynamodb.internal.value.StringValue) literal).value();
                if (!TYPE_NAMES.contains(typeName)) {
                    errors.add(Kind.FUNCTION, "Invalid attribute type name found; type: " + typeName
                            + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                    return FALSE;
                }
                return item -> {
                    AttributeValue v = value.eval(item);
                    return v != null && v.type().equals(typeName);
                };
            }
            case "begins_with": {
                for (Node arg : args) {
                    String type = staticType(arg);
                    if (type != null && !type.equals("S") && !type.equals("B")) {
                        errors.add(Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: begins_with, "
                                + "operand type: " + type);
                        break;
                    }
                }
                Operand value = operand(args.get(0));
                Operand prefix = operand(args.get(1));
                return item -> Evaluation.beginsWith(value.eval(item), prefix.eval(item));
            }
            case "contains": {
                Operand container = operand(args.get(0));
                Operand part = operand(args.get(1));
                return item -> Evaluation.contains(container.eval(item), part.eval(item));
            }
            default:
                return FALSE;
        }
    }

    /** Compiles an operand: a path, a value or size(operand). */
    Operand operand(Node node) {
        if (node instanceof PathNode p) {
            DocumentPath path = resolver.path(p);
            return path::get;
        }
        if (node instanceof ValueNode v) {
            AttributeValue value = resolver.value(v);
            return item -> value;
        }
        if (node instanceof FuncNode f) {
            if (!FUNCTIONS.containsKey(f.name())) {
                errors.add(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + f.name());
                return item -> null;
            }
            if (!f.name().equals("size")) {
                condition(f);
                return item -> null;
            }
            for (Node arg : f.args()) {
                misused(arg);
            }
            if (f.args().size() != 1) {
                errors.add(Kind.OPERAND, "Incorrect number of operands for operator or function; operator or function: size, "
                        + "number of operands: " + f.args().size());
                return item -> null;
            }
            String type = staticType(f.args().get(0));
            if ("N".equals(type) || "BOOL".equals(type) || "NULL".equals(type)) {
                errors.add(Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: size, operand type: "
                        + type);
            }
            Operand inner = operand(f.args().get(0));
            return item -> Evaluation.size(inner.eval(item));
        }
        throw new IllegalStateException("not an operand: " + node);
    }

    /** The type an operand is known to have before evaluation: a value's type, N for size(), else null. */
    private String staticType(Node node) {
        if (node instanceof FuncNode f && f.name().equals("size")) {
            return "N";
        }
        AttributeValue literal = resolver.literal(node);
        return literal == null ? null : literal.type();
    }

    /** Only size() may stand where an operand is expected. */
    private void misused(Node node) {
        if (node instanceof FuncNode f && !f.name().equals("size")) {
            misusedMessage(f.name());
        }
    }

    private void misusedMessage(String function) {
        errors.add(Kind.MISUSED_FUNCTION, "The function is not allowed to be used this way in an expression; function: " + function);
    }

    private void distinct(String operator, Node first, List<Node> others) {
        if (!(first instanceof PathNode p)) {
            return;
        }
        DocumentPath path = resolver.path(p);
        for (Node other : others) {
            if (other instanceof PathNode o && resolver.path(o).sameAs(path)) {
                errors.add(Kind.DISTINCT, "The first operand must be distinct from the remaining operands for this operator or function; "
                        + "operator: " + operator + ", first operand: " + path);
                return;
            }
        }
    }
}
