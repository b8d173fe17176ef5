package dev.cutover.dynamodb.internal.expression;

import static dev.cutover.dynamodb.internal.expression.V.l;
import static dev.cutover.dynamodb.internal.expression.V.m;
import static dev.cutover.dynamodb.internal.expression.V.map;
import static dev.cutover.dynamodb.internal.expression.V.n;
import static dev.cutover.dynamodb.internal.expression.V.names;
import static dev.cutover.dynamodb.internal.expression.V.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.RangeCondition.Op;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProjectionAndKeyConditionTest {

    private static final Map<String, AttributeValue> VALUES = map(":p", s("p1"), ":a", s("a"), ":b", s("b"), ":one", n("1"),
            ":two", n("2"));

    private static ExpressionContext ctx() {
        return new ExpressionContext(names("#s", "status", "#pk", "pk"), VALUES);
    }

    private static String error(Supplier<?> parse) {
        try {
            parse.get();
        } catch (DynamoDbException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    private static KeyCondition key(String expression) {
        return Expressions.parseKeyCondition(expression, ctx(), "pk", "sk");
    }

    private static String keyError(String expression) {
        return error(() -> key(expression));
    }

    @Test
    void projection_pathsKeepNesting() {
        Map<String, AttributeValue> item = map("pk", s("k"), "a", m("b", l(s("0"), s("1"), s("2")), "c", s("c")), "#s", s("x"),
                "status", s("on"));
        Projection p = Expressions.parseProjection("a.b[1], pk, #s, absent, a.zz", ctx());
        assertThat(p.apply(item)).isEqualTo(map("a", m("b", l(s("1"))), "pk", s("k"), "status", s("on")));
        assertThat(p.topLevelAttributes()).containsExactly("a", "pk", "status", "absent");
        assertThat(Expressions.parseProjection("a.b[2], a.b[0]", ctx()).apply(item)).isEqualTo(map("a", m("b", l(s("0"), s("2")))));
    }

    @Test
    void projection_invalid_isRefused() {
        assertThat(error(() -> Expressions.parseProjection("a, a.b", ctx()))).isEqualTo("Invalid ProjectionExpression: Two document "
                + "paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
        assertThat(error(() -> Expressions.parseProjection("a.b, a[0]", ctx()))).isEqualTo("Invalid ProjectionExpression: Two "
                + "document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: "
                + "[a, [0]]");
        assertThat(error(() -> Expressions.parseProjection("status", ctx()))).isEqualTo(
                "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status");
        assertThat(error(() -> Expressions.parseProjection("#x", ctx()))).isEqualTo("Invalid ProjectionExpression: An expression "
                + "attribute name used in the document path is not defined; attribute name: #x");
        assertThat(error(() -> Expressions.parseProjection("a,", ctx()))).isEqualTo(
                "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
        assertThat(error(() -> Expressions.parseProjection("", ctx()))).isEqualTo(
                "Invalid ProjectionExpression: The expression can not be empty;");
    }

    @Test
    void keyCondition_hashOnly_givesHashValue() {
        KeyCondition k = key("pk = :p");
        assertThat(k.hashValue()).isEqualTo(s("p1"));
        assertThat(k.range()).isNull();
        assertThat(key(":p = #pk").hashValue()).isEqualTo(s("p1"));
    }

    @Test
    void keyCondition_rangeOperators_eitherOrder() {
        assertThat(key("pk = :p AND sk < :b").range()).isEqualTo(new RangeCondition(Op.LT, s("b"), null));
        assertThat(key("sk >= :a AND pk = :p").range()).isEqualTo(new RangeCondition(Op.GE, s("a"), null));
        assertThat(key("pk = :p AND :a < sk").range()).isEqualTo(new RangeCondition(Op.GT, s("a"), null));
        assertThat(key("pk = :p AND sk BETWEEN :a AND :b").range()).isEqualTo(new RangeCondition(Op.BETWEEN, s("a"), s("b")));
        assertThat(key("pk = :p AND begins_with(sk, :a)").range()).isEqualTo(new RangeCondition(Op.BEGINS_WITH, s("a"), null));
        assertThat(key("(pk = :p) AND (sk = :a)").range()).isEqualTo(new RangeCondition(Op.EQ, s("a"), null));
    }

    @Test
    void rangeCondition_matches_perOperator() {
        assertThat(new RangeCondition(Op.BETWEEN, n("1"), n("2")).matches(n("1.5"))).isTrue();
        assertThat(new RangeCondition(Op.BETWEEN, n("1"), n("2")).matches(n("3"))).isFalse();
        assertThat(new RangeCondition(Op.BEGINS_WITH, s("ab"), null).matches(s("abc"))).isTrue();
        assertThat(new RangeCondition(Op.LE, s("b"), null).matches(s("b"))).isTrue();
        assertThat(new RangeCondition(Op.GT, s("b"), null).matches(s("b"))).isFalse();
        assertThat(new RangeCondition(Op.EQ, s("1"), null).matches(n("1"))).isFalse();
        assertThat(new RangeCondition(Op.EQ, s("1"), null).matches(null)).isFalse();
    }

    @Test
    void keyCondition_unsupportedShapes_areRefused() {
        assertThat(keyError("sk = :a")).isEqualTo("Query condition missed key schema element: pk");
        assertThat(keyError("pk = :p AND gsk = :a")).isEqualTo("Query condition missed key schema element: sk");
        assertThat(keyError("pk < :p")).isEqualTo("Query key condition not supported");
        assertThat(keyError("pk = :p OR sk = :a")).isEqualTo("Invalid operator used in KeyConditionExpression: OR");
        assertThat(keyError("pk = :p AND sk <> :a")).isEqualTo("Invalid operator used in KeyConditionExpression: <>");
        assertThat(keyError("pk = :p AND attribute_exists(sk)")).isEqualTo(
                "Invalid operator used in KeyConditionExpression: attribute_exists");
        assertThat(keyError("pk = :p AND pk = :a")).isEqualTo("KeyConditionExpressions must only contain one condition per key");
        assertThat(keyError("pk = :p AND sk.x = :a")).isEqualTo("KeyConditionExpressions cannot have conditions on nested attributes");
        assertThat(keyError("pk = sk")).isEqualTo(
                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        assertThat(keyError("pk = :p AND size(sk) = :one")).isEqualTo("KeyConditionExpressions cannot contain nested operations");
        assertThat(keyError("pk = :p AND sk = :a AND sk2 = :b")).isEqualTo("Conditions can be of length 1 or 2 only");
        assertThat(keyError("pk = :p AND sk BETWEEN :b AND :a")).startsWith(
                "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound");
        assertThat(keyError("pk = :p AND")).isEqualTo("Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
        assertThat(error(() -> Expressions.parseKeyCondition("pk = :p AND sk = :a", ctx(), "pk", null)))
                .isEqualTo("Query key condition not supported");
    }

    @Test
    void context_unusedPlaceholders_areRefusedNamesFirst() {
        ExpressionContext ctx = new ExpressionContext(names("#a", "a", "#b", "b", "#c", "c"), map(":x", n("1"), ":y", n("2")));
        Expressions.parseCondition("#b = :y", ctx, "ConditionExpression");
        assertThatThrownBy(ctx::checkAllUsed).isInstanceOf(DynamoDbException.class)
                .hasMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #c}");
        Expressions.parseProjection("#a, #c", ctx);
        assertThatThrownBy(ctx::checkAllUsed).hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}");
        Expressions.parseUpdate("SET z = :x", ctx);
        ctx.checkAllUsed();
        new ExpressionContext(null, null).checkAllUsed();
    }
}
