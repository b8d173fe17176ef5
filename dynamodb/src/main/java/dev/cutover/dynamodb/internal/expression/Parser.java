package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.Ast.Action;
import dev.cutover.dynamodb.internal.expression.Ast.AndNode;
import dev.cutover.dynamodb.internal.expression.Ast.ArithNode;
import dev.cutover.dynamodb.internal.expression.Ast.BetweenNode;
import dev.cutover.dynamodb.internal.expression.Ast.CompareNode;
import dev.cutover.dynamodb.internal.expression.Ast.FuncNode;
import dev.cutover.dynamodb.internal.expression.Ast.InNode;
import dev.cutover.dynamodb.internal.expression.Ast.Node;
import dev.cutover.dynamodb.internal.expression.Ast.NotNode;
import dev.cutover.dynamodb.internal.expression.Ast.OrNode;
import dev.cutover.dynamodb.internal.expression.Ast.PathElem;
import dev.cutover.dynamodb.internal.expression.Ast.PathNode;
import dev.cutover.dynamodb.internal.expression.Ast.ValueNode;
import dev.cutover.dynamodb.internal.expression.Lexer.Kind;
import dev.cutover.dynamodb.internal.expression.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the four expression grammars. It only reports syntax errors ("Syntax error; token: "x",
 * near: "a x b"") and redundant parentheses; names, values and types are checked when the tree is compiled.
 */
final class Parser {

    private static final Set<String> CONDITION_KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
    private static final Set<String> UPDATE_KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");

    private final String text;
    private final String label;
    private final List<Token> tokens;
    private final Set<String> keywords;
    private int pos;
    private Node lastParenthesized;
    private boolean redundantParentheses;
    private final Set<String> duplicateSections = new LinkedHashSet<>();

    private Parser(String text, String label, Set<String> keywords) {
        if (text.isEmpty()) {
            throw error(label, "The expression can not be empty;");
        }
        this.text = text;
        this.label = label;
        this.keywords = keywords;
        this.tokens = Lexer.tokenize(text);
    }

    static DynamoDbException error(String label, String message) {
        return DynamoDbException.validation("Invalid " + label + ": " + message);
    }

    boolean redundantParentheses() {
        return redundantParentheses;
    }

    /** Sections (SET, REMOVE, ADD, DELETE) written more than once, in order met. */
    Set<String> duplicateSections() {
        return duplicateSections;
    }

    // ---- entry points

    static Parser forCondition(String text, String label) {
        return new Parser(text, label, CONDITION_KEYWORDS);
    }

    static Parser forUpdate(String text) {
        return new Parser(text, "UpdateExpression", UPDATE_KEYWORDS);
    }

    static Parser forProjection(String text) {
        return new Parser(text, "ProjectionExpression", Set.of());
    }

    /** condition := or EOF. */
    Node parseCondition() {
        Node node = parseOr();
        if (peek().kind() != Kind.EOF) {
            throw syntax(pos);
        }
        if (node instanceof PathNode || node instanceof ValueNode) {
            throw syntax(pos);
        }
        return node;
    }

    /** update := (SET set, ... | REMOVE path, ... | ADD path value, ... | DELETE path value, ...)+ EOF. */
    List<Action> parseUpdate() {
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        do {
            Token t = peek();
            String section = null;
            for (String keyword : UPDATE_KEYWORDS) {
                if (t.isKeyword(keyword)) {
                    section = keyword;
                }
            }
            if (section == null) {
                throw syntax(pos);
            }
            next();
            if (!seen.add(section)) {
                duplicateSections.add(section);
            }
            do {
                PathNode path = parsePath();
                Node value = null;
                if (section.equals("SET")) {
                    expect("=");
                    value = parseSetValue();
                } else if (!section.equals("REMOVE")) {
                    if (peek().kind() != Kind.ATTR_VALUE) {
                        throw syntax(pos);
                    }
                    value = new ValueNode(next().text());
                }
                actions.add(new Action(section, path, value));
            } while (accept(","));
        } while (peek().kind() != Kind.EOF);
        return actions;
    }

    /** projection := path (, path)* EOF. */
    List<PathNode> parseProjection() {
        List<PathNode> paths = new ArrayList<>();
        do {
            paths.add(parsePath());
        } while (accept(","));
        if (peek().kind() != Kind.EOF) {
            throw syntax(pos);
        }
        return paths;
    }

    // ---- conditions

    private Node parseOr() {
        Node left = parseAnd();
        while (peek().isKeyword("OR")) {
            next();
            left = new OrNode(left, condition(parseAnd()));
        }
        return left;
    }

    private Node parseAnd() {
        Node left = parseNot();
        while (peek().isKeyword("AND")) {
            next();
            left = new AndNode(left, condition(parseNot()));
        }
        return left;
    }

    private Node parseNot() {
        if (peek().isKeyword("NOT")) {
            next();
            return new NotNode(condition(parseNot()));
        }
        return parsePrimary();
    }

    /** A bare path or value (returned before a closing parenthesis) cannot stand where a condition must. */
    private Node condition(Node node) {
        if (node instanceof PathNode || node instanceof ValueNode) {
            throw syntax(pos);
        }
        return node;
    }

    private Node parsePrimary() {
        if (peek().is("(")) {
            next();
            Node inner = parseOr();
            expect(")");
            markParenthesized(inner);
            if (Ast.isOperand(inner)) {
                return continueComparison(inner);
            }
            if (isComparisonStart(peek())) {
                throw syntax(pos);
            }
            return inner;
        }
        return continueComparison(parseOperand());
    }

    private boolean isComparisonStart(Token t) {
        return isComparator(t) || t.isKeyword("BETWEEN") || t.isKeyword("IN");
    }

    private static boolean isComparator(Token t) {
        return t.kind() == Kind.PUNCT && (t.text().equals("=") || t.text().equals("<>") || t.text().equals("<")
                || t.text().equals("<=") || t.text().equals(">") || t.text().equals(">="));
    }

    private Node continueComparison(Node left) {
        Token t = peek();
        if (isComparator(t)) {
            next();
            return new CompareNode(t.text(), left, parseConditionOperand());
        }
        if (t.isKeyword("BETWEEN")) {
            next();
            Node low = parseConditionOperand();
            if (!peek().isKeyword("AND")) {
                throw syntax(pos);
            }
            next();
            return new BetweenNode(left, low, parseConditionOperand());
        }
        if (t.isKeyword("IN")) {
            next();
            expect("(");
            List<Node> list = new ArrayList<>();
            do {
                list.add(parseConditionOperand());
            } while (accept(","));
            expect(")");
            return new InNode(left, list);
        }
        if (left instanceof FuncNode || t.is(")")) {
            return left;
        }
        throw syntax(pos);
    }

    /** An operand, possibly in parentheses (where a condition may not stand). */
    private Node parseConditionOperand() {
        if (peek().is("(")) {
            next();
            Node inner = parseConditionOperand();
            expect(")");
            markParenthesized(inner);
            return inner;
        }
        return parseOperand();
    }

    private void markParenthesized(Node inner) {
        if (inner == lastParenthesized) {
            redundantParentheses = true;
        }
        lastParenthesized = inner;
    }

    /** operand := :value | function(args) | path. */
    private Node parseOperand() {
        Token t = peek();
        if (t.kind() == Kind.ATTR_VALUE) {
            next();
            return new ValueNode(t.text());
        }
        if (t.kind() == Kind.NAME && peek(1).is("(") && !isKeyword(t)) {
            next();
            next();
            List<Node> args = new ArrayList<>();
            do {
                args.add(keywords == UPDATE_KEYWORDS ? parseUpdateOperand() : parseConditionOperand());
            } while (accept(","));
            expect(")");
            return new FuncNode(t.text(), args);
        }
        return parsePath();
    }

    // ---- update values

    /** set-value := operand [(+|-) operand]. */
    private Node parseSetValue() {
        Node left = parseUpdateOperand();
        if (peek().is("+") || peek().is("-")) {
            String op = next().text();
            return new ArithNode(op, left, parseUpdateOperand());
        }
        return left;
    }

    private Node parseUpdateOperand() {
        if (peek().is("(")) {
            next();
            Node inner = parseSetValue();
            expect(")");
            return inner;
        }
        return parseOperand();
    }

    // ---- paths

    /** path := element ('.' element | '[' number ']')*. */
    PathNode parsePath() {
        List<PathElem> elems = new ArrayList<>();
        elems.add(parsePathElement());
        while (true) {
            if (peek().is(".")) {
                next();
                elems.add(parsePathElement());
            } else if (peek().is("[")) {
                next();
                Token number = peek();
                if (number.kind() != Kind.NUMBER) {
                    throw syntax(pos);
                }
                int index;
                try {
                    index = Integer.parseInt(number.text());
                } catch (NumberFormatException e) {
                    throw syntax(pos);
                }
                next();
                expect("]");
                elems.add(new PathElem(null, false, index));
            } else {
                return new PathNode(List.copyOf(elems));
            }
        }
    }

    private PathElem parsePathElement() {
        Token t = peek();
        if (t.kind() == Kind.ATTR_NAME) {
            next();
            return new PathElem(t.text(), true, -1);
        }
        if (t.kind() == Kind.NAME && !isKeyword(t)) {
            next();
            return new PathElem(t.text(), false, -1);
        }
        throw syntax(pos);
    }

    private boolean isKeyword(Token t) {
        for (String k : keywords) {
            if (t.isKeyword(k)) {
                return true;
            }
        }
        return false;
    }

    // ---- tokens

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean accept(String punct) {
        if (peek().is(punct)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        if (!accept(punct)) {
            throw syntax(pos);
        }
    }

    /** DynamoDB's syntax error: the offending token, and the text from the token before it to the token after it. */
    private DynamoDbException syntax(int index) {
        Token t = tokens.get(index);
        int from = index > 0 ? tokens.get(index - 1).start() : t.start();
        Token after = index + 1 < tokens.size() ? tokens.get(index + 1) : null;
        int to = after != null && after.kind() != Kind.EOF ? after.end() : t.end();
        if (t.kind() == Kind.EOF) {
            to = t.start();
        }
        return error(label, "Syntax error; token: \"" + t.text() + "\", near: \"" + text.substring(from, to) + "\"");
    }
}
