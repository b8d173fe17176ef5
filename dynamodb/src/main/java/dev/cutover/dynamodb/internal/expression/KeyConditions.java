package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.DynamoDbException;
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
import dev.cutover.dynamodb.internal.expression.RangeCondition.Op;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a checked KeyConditionExpression tree into the partition key value and the sort key condition. */
final class KeyConditions {

    private record Part(String attribute, Op op, AttributeValue first, AttributeValue second) {
    }

    private record Result(AttributeValue hashValue, RangeCondition range) implements KeyCondition {
    }

    private KeyConditions() {
    }

    static KeyCondition convert(Node root, Resolver resolver, String hashKey, String rangeKey) {
        Map<String, Part> parts = new LinkedHashMap<>();
        collect(root, resolver, parts);
        if (parts.size() > 2) {
            throw DynamoDbException.validation("Conditions can be of length 1 or 2 only");
        }
        Part hash = parts.get(hashKey);
        if (hash == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + hashKey);
        }
        if (hash.op() != Op.EQ) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        RangeCondition range = null;
        for (Part p : parts.values()) {
            if (p == hash) {
                continue;
            }
            if (rangeKey == null) {
                throw DynamoDbException.validation("Query key condition not supported");
            }
            if (!p.attribute().equals(rangeKey)) {
                throw DynamoDbException.validation("Query condition missed key schema element: " + rangeKey);
            }
            range = new RangeCondition(p.op(), p.first(), p.second());
        }
        return new Result(hash.first(), range);
    }

    private static void collect(Node node, Resolver resolver, Map<String, Part> parts) {
        if (node instanceof AndNode and) {
            collect(and.left(), resolver, parts);
            collect(and.right(), resolver, parts);
            return;
        }
        if (node instanceof OrNode) {
            throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: OR");
        }
        if (node instanceof NotNode) {
            throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: NOT");
        }
        if (node instanceof InNode) {
            throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: IN");
        }
        List<Node> args;
        Op op;
        if (node instanceof CompareNode c) {
            if (c.op().equals("<>")) {
                throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: <>");
            }
            args = List.of(c.left(), c.right());
            op = compareOp(c.op());
        } else if (node instanceof BetweenNode b) {
            if (!(b.operand() instanceof PathNode)) {
                throw DynamoDbException.validation(
                        "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
            }
            args = List.of(b.operand(), b.low(), b.high());
            op = Op.BETWEEN;
        } else {
            FuncNode f = (FuncNode) node;
            if (!f.name().equals("begins_with")) {
                if (f.name().equals("size")) {
                    throw DynamoDbException.validation("KeyConditionExpressions cannot contain nested operations");
                }
                throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: " + f.name());
            }
            if (!(f.args().get(0) instanceof PathNode)) {
                throw DynamoDbException.validation(
                            "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its "
                        + "first operand");
            }
            args = f.args();
            op = Op.BEGINS_WITH;
        }
        String attribute = null;
        int attributeIndex = -1;
        List<AttributeValue> values = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Node arg = args.get(i);
            if (arg instanceof PathNode p) {
                if (attribute != null) {
                    throw DynamoDbException.validation(
                            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                }
                DocumentPath path = resolver.path(p);
                if (path.length() > 1) {
                    throw DynamoDbException.validation("KeyConditionExpressions cannot have conditions on nested attributes");
                }
                attribute = path.head();
                attributeIndex = i;
            } else if (arg instanceof ValueNode v) {
                values.add(resolver.value(v));
            } else {
                throw DynamoDbException.validation("KeyConditionExpressions cannot contain nested operations");
            }
        }
        if (attribute == null) {
            throw DynamoDbException.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        if (parts.containsKey(attribute)) {
            throw DynamoDbException.validation("KeyConditionExpressions must only contain one condition per key");
        }
        if (attributeIndex != 0) {
            op = flip(op);
        }
        parts.put(attribute, new Part(attribute, op, values.get(0), values.size() > 1 ? values.get(1) : null));
    }

    private static Op compareOp(String op) {
        switch (op) {
            case "=":
                return Op.EQ;
            case "<":
                return Op.LT;
            case "<=":
                return Op.LE;
            case ">":
                return Op.GT;
            case ">=":
                return Op.GE;
            default:
                throw new IllegalArgumentException(op);
        }
    }

    /** {@code :v < key} is {@code key > :v}. */
    private static Op flip(Op op) {
        switch (op) {
            case LT:
                return Op.GT;
            case LE:
                return Op.GE;
            case GT:
                return Op.LT;
            case GE:
                return Op.LE;
            default:
                return op;
        }
    }
}
