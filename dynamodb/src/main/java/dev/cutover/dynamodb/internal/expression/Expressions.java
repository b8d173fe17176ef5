package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.expression.Ast.Node;
import dev.cutover.dynamodb.internal.expression.Ast.PathNode;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry points: parse each expression of a request once, then evaluate the result against items. Every error is a
 * {@link dev.cutover.dynamodb.DynamoDbException} (400 ValidationException) worded as DynamoDB words it. Placeholders
 * used are marked in the {@link ExpressionContext}; call {@link ExpressionContext#checkAllUsed()} after the last one.
 */
public final class Expressions {

    private Expressions() {
    }

    /** Parses a ConditionExpression or FilterExpression; {@code parameterName} names it in messages ("Invalid ...: "). */
    public static Condition parseCondition(String text, ExpressionContext ctx, String parameterName) {
        Parser parser = Parser.forCondition(text, parameterName);
        Node root = parser.parseCondition();
        Resolver resolver = resolver(ctx, parser, Errors.Kind.ATTR_NAME);
        Condition compiled = new ConditionCompiler(resolver).condition(root);
        resolver.errors().throwFirst(parameterName, Errors.CONDITION_ORDER);
        Set<String> attributes = Set.copyOf(resolver.heads());
        return new Condition() {
            @Override
            public boolean test(Map<String, AttributeValue> item) {
                return compiled.test(item);
            }

            @Override
            public Set<String> attributes() {
                return attributes;
            }
        };
    }

    /** Parses an UpdateExpression. */
    public static Update parseUpdate(String text, ExpressionContext ctx) {
        Parser parser = Parser.forUpdate(text);
        List<Ast.Action> actions = parser.parseUpdate();
        Resolver resolver = new Resolver(ctx, new Errors(), Errors.Kind.ATTR_VALUE);
        CompiledUpdate update = CompiledUpdate.compile(actions, parser.duplicateSections(), resolver);
        resolver.errors().throwFirst("UpdateExpression", Errors.UPDATE_ORDER);
        return update;
    }

    /** Parses a ProjectionExpression. */
    public static Projection parseProjection(String text, ExpressionContext ctx) {
        Parser parser = Parser.forProjection(text);
        List<PathNode> nodes = parser.parseProjection();
        Resolver resolver = new Resolver(ctx, new Errors(), Errors.Kind.ATTR_VALUE);
        List<DocumentPath> paths = new ArrayList<>(nodes.size());
        for (PathNode node : nodes) {
            resolver.checkOverlap(paths, resolver.path(node));
        }
        resolver.errors().throwFirst("ProjectionExpression", Errors.PROJECTION_ORDER);
        return new CompiledProjection(paths);
    }

    /**
     * Parses a KeyConditionExpression for a table (or index) keyed by {@code hashKeyName} and an optional range key: the
     * partition key must be compared with {@code =}, the sort key (if at all) with {@code = < <= > >=}, BETWEEN or
     * begins_with. Key value types are left to the caller.
     */
    public static KeyCondition parseKeyCondition(String text, ExpressionContext ctx, String hashKeyName, String rangeKeyNameOrNull) {
        String label = "KeyConditionExpression";
        Parser parser = Parser.forCondition(text, label);
        Node root = parser.parseCondition();
        Resolver resolver = resolver(ctx, parser, Errors.Kind.ATTR_NAME);
        new ConditionCompiler(resolver).condition(root);
        resolver.errors().throwFirst(label, Errors.CONDITION_ORDER);
        return KeyConditions.convert(root, resolver, hashKeyName, rangeKeyNameOrNull);
    }

    private static Resolver resolver(ExpressionContext ctx, Parser parser, Errors.Kind valueKind) {
        Errors errors = new Errors();
        if (parser.redundantParentheses()) {
            errors.add(Errors.Kind.PARENTHESES, "The expression has redundant parentheses;");
        }
        return new Resolver(ctx, errors, valueKind);
    }
}
