package dev.cutover.dynamodb.internal.expression;

import static dev.cutover.dynamodb.internal.expression.V.b;
import static dev.cutover.dynamodb.internal.expression.V.bool;
import static dev.cutover.dynamodb.internal.expression.V.l;
import static dev.cutover.dynamodb.internal.expression.V.m;
import static dev.cutover.dynamodb.internal.expression.V.map;
import static dev.cutover.dynamodb.internal.expression.V.n;
import static dev.cutover.dynamodb.internal.expression.V.names;
import static dev.cutover.dynamodb.internal.expression.V.ns;
import static dev.cutover.dynamodb.internal.expression.V.s;
import static dev.cutover.dynamodb.internal.expression.V.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.NullValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionExpressionTest {

    private static final Map<String, AttributeValue> ITEM = map(
            "pk", s("k1"),
            "num", n("5"),
            "str", s("hello world"),
            "bin", b(1, 2, 3),
            "flag", bool(true),
            "nothing", NullValue.INSTANCE,
            "tags", ss("red", "blue"),
            "scores", ns("1", "2.5"),
            "lst", l(s("x"), n("7"), m("deep", s("d"))),
            "doc", m("a", m("b", l(n("0"), n("1"), m("c", s("found")))), "name", s("doc")));

    private static final Map<String, AttributeValue> VALUES = map(
            ":five", n("5"), ":six", n("6"), ":one", n("1"), ":s", s("hello"), ":world", s("hello world"), ":red", s("red"),
            ":x", s("x"), ":seven", n("7"), ":b", b(1, 2), ":found", s("found"), ":t", s("SS"), ":bad", s("XX"),
            ":two", n("2"), ":three", n("3"), ":ten", n("10"), ":true", bool(true), ":l", l(s("x")), ":n25", n("2.5"));

    private static boolean eval(String expression, Map<String, AttributeValue> item) {
        ExpressionContext ctx = new ExpressionContext(names("#s", "status", "#d", "doc", "#dot", "a.b"), VALUES);
        return Expressions.parseCondition(expression, ctx, "ConditionExpression").test(item);
    }

    private static boolean eval(String expression) {
        return eval(expression, ITEM);
    }

    private static String error(String expression) {
        ExpressionContext ctx = new ExpressionContext(names("#s", "status", "#d", "doc"), VALUES);
        try {
            Expressions.parseCondition(expression, ctx, "ConditionExpression");
        } catch (DynamoDbException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("ValidationException");
            return e.getMessage();
        }
        throw new AssertionError("no error for " + expression);
    }

    @Test
    void comparators_numbersStringsBinaries_compareByValue() {
        assertThat(eval("num = :five")).isTrue();
        assertThat(eval("num <> :five")).isFalse();
        assertThat(eval("num < :six")).isTrue();
        assertThat(eval("num <= :five")).isTrue();
        assertThat(eval("num > :one")).isTrue();
        assertThat(eval("num >= :six")).isFalse();
        assertThat(eval("str > :s")).isTrue();
        assertThat(eval("bin > :b")).isTrue();
        assertThat(eval(":five = num")).isTrue();
    }

    @Test
    void comparators_differentTypes_areFalseNotErrors() {
        assertThat(eval("num = :s")).isFalse();
        assertThat(eval("num < :s")).isFalse();
        assertThat(eval("num > :s")).isFalse();
        assertThat(eval("flag < :true")).isFalse();
        assertThat(eval("num <> :s")).isTrue();
    }

    @Test
    void comparators_missingAttribute_onlyNotEqualsIsTrue() {
        assertThat(eval("absent = :five")).isFalse();
        assertThat(eval("absent < :five")).isFalse();
        assertThat(eval("absent <> :five")).isTrue();
        assertThat(eval("num = :five", Map.of())).isFalse();
    }

    @Test
    void documentPaths_nestedMapsListsAndNames_resolve() {
        assertThat(eval("doc.a.b[2].c = :found")).isTrue();
        assertThat(eval("#d.a.b[1] = :one")).isTrue();
        assertThat(eval("lst[1] = :seven")).isTrue();
        assertThat(eval("lst[9] = :seven")).isFalse();
        assertThat(eval("doc.a.b[2].c[0] = :found")).isFalse();
        assertThat(eval("attribute_exists(#dot)")).isFalse();
        assertThat(eval("doc . a . b [ 0 ] = :five")).isFalse();
    }

    @Test
    void between_inclusiveBounds_matches() {
        assertThat(eval("num BETWEEN :one AND :five")).isTrue();
        assertThat(eval("num BETWEEN :five AND :six")).isTrue();
        assertThat(eval("num BETWEEN :six AND :ten")).isFalse();
        assertThat(eval("str between :s and :world")).isTrue();
    }

    @Test
    void in_anyOperandEqual_matches() {
        assertThat(eval("num IN (:one, :two, :five)")).isTrue();
        assertThat(eval("num IN (:one)")).isFalse();
        assertThat(eval("absent IN (:one)")).isFalse();
    }

    @Test
    void in_moreThanHundredOperands_isRefused() {
        StringBuilder b = new StringBuilder("num IN (");
        for (int i = 0; i < 101; i++) {
            b.append(i == 0 ? "" : ", ").append(":one");
        }
        assertThat(error(b + ")")).isEqualTo(
                "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
    }

    @Test
    void logic_precedence_notBeforeAndBeforeOr() {
        // OR binds loosest: true OR (false AND false)
        assertThat(eval("num = :five OR num = :one AND num = :two")).isTrue();
        // parentheses change it: (true OR false) AND false
        assertThat(eval("(num = :five OR num = :one) AND num = :two")).isFalse();
        assertThat(eval("NOT num = :one AND num = :five")).isTrue();
        assertThat(eval("NOT (num = :five OR num = :one)")).isFalse();
        assertThat(eval("not num = :five or num = :five")).isTrue();
    }

    @Test
    void functions_existence_testPresence() {
        assertThat(eval("attribute_exists(num)")).isTrue();
        assertThat(eval("attribute_exists(doc.a.b[2].c)")).isTrue();
        assertThat(eval("attribute_not_exists(absent)")).isTrue();
        assertThat(eval("attribute_not_exists(pk)", Map.of())).isTrue();
        assertThat(eval("attribute_exists(nothing)")).isTrue();
    }

    @Test
    void attributeType_validTypeName_checksType() {
        assertThat(eval("attribute_type(tags, :t)")).isTrue();
        assertThat(eval("attribute_type(num, :t)")).isFalse();
        assertThat(error("attribute_type(tags, :bad)")).isEqualTo(
                "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        assertThat(error("attribute_type(tags, :one)")).isEqualTo("Invalid ConditionExpression: Incorrect operand type for operator or "
                + "function; operator or function: attribute_type, operand type: N");
    }

    @Test
    void beginsWith_stringsAndBinaries_matchPrefix() {
        assertThat(eval("begins_with(str, :s)")).isTrue();
        assertThat(eval("begins_with(bin, :b)")).isTrue();
        assertThat(eval("begins_with(num, :s)")).isFalse();
        assertThat(error("begins_with(str, :five)")).isEqualTo("Invalid ConditionExpression: Incorrect operand type for operator or "
                + "function; operator or function: begins_with, operand type: N");
    }

    @Test
    void contains_substringSetMemberListElement_match() {
        assertThat(eval("contains(str, :s)")).isTrue();
        assertThat(eval("contains(tags, :red)")).isTrue();
        assertThat(eval("contains(tags, :s)")).isFalse();
        assertThat(eval("contains(scores, :n25)")).isTrue();
        assertThat(eval("contains(lst, :x)")).isTrue();
        assertThat(eval("contains(lst, :seven)")).isTrue();
        assertThat(eval("contains(num, :five)")).isFalse();
    }

    @Test
    void size_perType_countsBytesOrMembers() {
        assertThat(eval("size(str) = :ten")).isFalse();
        assertThat(eval("size(str) > :ten")).isTrue();
        assertThat(eval("size(bin) = :three")).isTrue();
        assertThat(eval("size(tags) = :two")).isTrue();
        assertThat(eval("size(lst) = :three")).isTrue();
        assertThat(eval("size(doc) = :two")).isTrue();
        assertThat(eval("size(num) = :one")).isFalse();
        assertThat(eval("size(absent) = :one")).isFalse();
        assertThat(eval(":three = size(lst)")).isTrue();
        assertThat(eval("size(lst) BETWEEN :one AND :three")).isTrue();
    }

    @Test
    void size_onNumberValue_isRefused() {
        assertThat(error("size(:five) = :one")).isEqualTo("Invalid ConditionExpression: Incorrect operand type for operator or "
                + "function; operator or function: size, operand type: N");
    }

    @Test
    void misusedFunctions_areRefused() {
        assertThat(error("size(str)")).isEqualTo(
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
        assertThat(error("size(str) AND num = :five")).isEqualTo(
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
        assertThat(error("attribute_exists(num) = :true")).isEqualTo("Invalid ConditionExpression: The function is not allowed to be "
                + "used this way in an expression; function: attribute_exists");
        assertThat(error("contains(attribute_exists(num), :x)")).isEqualTo("Invalid ConditionExpression: The function is not allowed "
                + "to be used this way in an expression; function: attribute_exists");
        assertThat(error("attribute_exists(:x)")).isEqualTo(
                "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists");
    }

    @Test
    void unknownFunctionOrWrongArity_isRefused() {
        assertThat(error("frobnicate(num)")).isEqualTo("Invalid ConditionExpression: Invalid function name; function: frobnicate");
        assertThat(error("contains(num)")).isEqualTo("Invalid ConditionExpression: Incorrect number of operands for operator or "
                + "function; operator or function: contains, number of operands: 1");
    }

    @Test
    void syntaxErrors_reportTokenAndNeighbourhood() {
        assertThat(error("num = = :five")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :five\"");
        assertThat(error("num =")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
        assertThat(error("num")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"num\"");
        assertThat(error("num = :five AND")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
        assertThat(error("(num = :five")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":five\"");
        assertThat(error("num @ :five")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"@\", near: \"num @ :five\"");
        assertThat(error("a AND b = :five")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"AND\", near: \"a AND b\"");
        assertThat(error("num BETWEEN :one")).startsWith("Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
    }

    @Test
    void emptyExpression_isRefused() {
        assertThat(error("")).isEqualTo("Invalid ConditionExpression: The expression can not be empty;");
    }

    @Test
    void placeholders_undefined_areRefused() {
        assertThat(error("#nope = :five")).isEqualTo("Invalid ConditionExpression: An expression attribute name used in the document "
                + "path is not defined; attribute name: #nope");
        assertThat(error("num = :nope")).isEqualTo("Invalid ConditionExpression: An expression attribute value used in expression is "
                + "not defined; attribute value: :nope");
    }

    @Test
    void reservedWords_bareNames_areRefusedPlaceholdersAllowed() {
        assertThat(error("status = :five")).isEqualTo("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
                + "keyword: status");
        assertThat(error("doc.Size = :five")).isEqualTo("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
                + "keyword: Size");
        assertThat(eval("#s = :five")).isFalse();
        assertThat(ReservedWords.count()).isEqualTo(573);
    }

    @Test
    void between_lowerAboveUpperOrMixedTypes_isRefused() {
        assertThat(error("num BETWEEN :six AND :five")).isEqualTo("Invalid ConditionExpression: The BETWEEN operator requires upper "
                + "bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:6}, upper bound operand: "
                + "AttributeValue: {N:5}");
        assertThat(error("num BETWEEN :one AND :s")).isEqualTo("Invalid ConditionExpression: The BETWEEN operator requires same data "
                + "type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: "
                + "{S:hello}");
    }

    @Test
    void sameOperandTwice_isRefused() {
        assertThat(error("num = num")).isEqualTo("Invalid ConditionExpression: The first operand must be distinct from the remaining "
                + "operands for this operator or function; operator: =, first operand: [num]");
    }

    @Test
    void redundantParentheses_areRefused() {
        assertThat(error("((num = :five))")).isEqualTo("Invalid ConditionExpression: The expression has redundant parentheses;");
        assertThat(eval("(num = :five)")).isTrue();
        assertThat(eval("(num) = :five")).isTrue();
        assertThat(eval("(attribute_exists(num))")).isTrue();
    }

    @Test
    void parameterName_appearsInMessages() {
        ExpressionContext ctx = new ExpressionContext(null, null);
        assertThatThrownBy(() -> Expressions.parseCondition("", ctx, "FilterExpression"))
                .hasMessage("Invalid FilterExpression: The expression can not be empty;");
    }

    @Test
    void evaluation_isReusableAcrossItems() {
        ExpressionContext ctx = new ExpressionContext(null, VALUES);
        Condition c = Expressions.parseCondition("num > :one", ctx, "FilterExpression");
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        assertThat(c.test(item)).isFalse();
        item.put("num", n("2"));
        assertThat(c.test(item)).isTrue();
    }
}
