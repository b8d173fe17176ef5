package dev.cutover.dynamodb.internal.expression;

import java.util.List;

/** The syntax tree the parser builds; placeholders stay unresolved until compilation. */
final class Ast {

    private Ast() {
    }

    /** Any node. */
    sealed interface Node permits PathNode, ValueNode, FuncNode, CompareNode, BetweenNode, InNode, AndNode, OrNode, NotNode,
            ArithNode {
    }

    /** One element of a path as written: a bare name, a {@code #name} placeholder, or a list index. */
    record PathElem(String text, boolean placeholder, int index) {

        boolean isIndex() {
            return text == null;
        }
    }

    record PathNode(List<PathElem> elems) implements Node {
    }

    record ValueNode(String placeholder) implements Node {
    }

    record FuncNode(String name, List<Node> args) implements Node {
    }

    record CompareNode(String op, Node left, Node right) implements Node {
    }

    record BetweenNode(Node operand, Node low, Node high) implements Node {
    }

    record InNode(Node operand, List<Node> list) implements Node {
    }

    record AndNode(Node left, Node right) implements Node {
    }

    record OrNode(Node left, Node right) implements Node {
    }

    record NotNode(Node operand) implements Node {
    }

    /** {@code +} or {@code -} in a SET value. */
    record ArithNode(String op, Node left, Node right) implements Node {
    }

    /** One action of an update: section SET, REMOVE, ADD or DELETE; value null for REMOVE. */
    record Action(String section, PathNode path, Node value) {
    }

    static boolean isOperand(Node n) {
        return n instanceof PathNode || n instanceof ValueNode || n instanceof FuncNode;
    }
}
