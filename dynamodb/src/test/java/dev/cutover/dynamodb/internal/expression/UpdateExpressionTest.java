package dev.cutover.dynamodb.internal.expression;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateExpressionTest {

    private static final Map<String, AttributeValue> VALUES = map(
            ":one", n("1"), ":two", n("2"), ":s", s("v"), ":l", l(n("9")), ":tags", ss("b", "c"), ":nums", ns("3"),
            ":m", m("x", n("1")), ":big", n("9E+125"));

    private static Update parse(String expression) {
        return Expressions.parseUpdate(expression, new ExpressionContext(names("#c", "count"), VALUES));
    }

    private static Map<String, AttributeValue> apply(String expression, Map<String, AttributeValue> item) {
        return parse(expression).apply(item);
    }

    private static String error(String expression) {
        try {
            parse(expression);
        } catch (DynamoDbException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + expression);
    }

    private static String applyError(String expression, Map<String, AttributeValue> item) {
        try {
            apply(expression, item);
        } catch (DynamoDbException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + expression);
    }

    @Test
    void set_valuesAndArithmetic_writeAttributes() {
        Map<String, AttributeValue> item = map("pk", s("k"), "n", n("5"));
        assertThat(apply("SET a = :s, n = n + :two, b = n - :one, #c = :one", item))
                .isEqualTo(map("pk", s("k"), "n", n("7"), "a", s("v"), "b", n("4"), "count", n("1")));
        assertThat(item).isEqualTo(map("pk", s("k"), "n", n("5")));
    }

    @Test
    void set_valuesReadTheOldItem() {
        assertThat(apply("SET a = b, b = a", map("a", n("1"), "b", n("2")))).isEqualTo(map("a", n("2"), "b", n("1")));
    }

    @Test
    void set_ifNotExistsAndListAppend_work() {
        Map<String, AttributeValue> item = map("n", n("5"), "lst", l(n("1")));
        assertThat(apply("SET n = if_not_exists(n, :one), z = if_not_exists(z, :two)", item).get("z")).isEqualTo(n("2"));
        assertThat(apply("SET n = if_not_exists(n, :one)", item).get("n")).isEqualTo(n("5"));
        assertThat(apply("SET #c = if_not_exists(#c, :one) + :two", map()).get("count")).isEqualTo(n("3"));
        assertThat(apply("SET lst = list_append(lst, :l)", item).get("lst")).isEqualTo(l(n("1"), n("9")));
        assertThat(apply("SET lst = list_append(:l, lst)", item).get("lst")).isEqualTo(l(n("9"), n("1")));
    }

    @Test
    void set_nestedPathsAndListIndexes_updateInPlaceOrAppend() {
        Map<String, AttributeValue> item = map("doc", m("a", l(n("1"), n("2"))));
        assertThat(apply("SET doc.a[0] = :s", item)).isEqualTo(map("doc", m("a", l(s("v"), n("2")))));
        assertThat(apply("SET doc.a[7] = :s", item)).isEqualTo(map("doc", m("a", l(n("1"), n("2"), s("v")))));
        assertThat(apply("SET doc.b = :s", item)).isEqualTo(map("doc", m("a", l(n("1"), n("2")), "b", s("v"))));
    }

    @Test
    void set_throughMissingOrWrongParent_isInvalidPath() {
        assertThat(applyError("SET doc.a = :s", map())).isEqualTo(CompiledUpdate.INVALID_PATH);
        assertThat(applyError("SET doc[0] = :s", map("doc", m()))).isEqualTo(CompiledUpdate.INVALID_PATH);
        assertThat(applyError("SET doc.a = :s", map("doc", l()))).isEqualTo(CompiledUpdate.INVALID_PATH);
    }

    @Test
    void set_runtimeTypeErrors_areReported() {
        assertThat(applyError("SET a = b + :one", map("b", s("x")))).isEqualTo(CompiledUpdate.INCORRECT_TYPE);
        assertThat(applyError("SET a = b + :one", map())).isEqualTo(CompiledUpdate.NO_SUCH_ATTRIBUTE);
        assertThat(applyError("SET a = list_append(b, :l)", map("b", s("x")))).isEqualTo(CompiledUpdate.INCORRECT_TYPE);
        assertThat(applyError("SET a = :big + :big", map())).isEqualTo(
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }

    @Test
    void set_literalTypeErrors_areRefusedAtParse() {
        assertThat(error("SET a = :s + :one")).isEqualTo("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                + "operator or function: +, operand type: S");
        assertThat(error("SET a = list_append(:s, :l)")).isEqualTo("Invalid UpdateExpression: Incorrect operand type for operator or "
                + "function; operator or function: list_append, operand type: S");
        assertThat(error("SET a = if_not_exists(:s, :l)")).isEqualTo("Invalid UpdateExpression: Operator or function requires a "
                + "document path; operator or function: if_not_exists");
        assertThat(error("SET a = foo(b, :l)")).isEqualTo("Invalid UpdateExpression: Invalid function name; function: foo");
        assertThat(error("SET a = list_append(:l)")).isEqualTo("Invalid UpdateExpression: Incorrect number of operands for operator or "
                + "function; operator or function: list_append, number of operands: 1");
    }

    @Test
    void remove_attributesAndListElements_shiftByOldIndexes() {
        Map<String, AttributeValue> item = map("a", n("1"), "b", n("2"), "lst", l(s("0"), s("1"), s("2"), s("3")));
        assertThat(apply("REMOVE a, zz", item)).isEqualTo(map("b", n("2"), "lst", l(s("0"), s("1"), s("2"), s("3"))));
        assertThat(apply("REMOVE lst[0], lst[2]", item).get("lst")).isEqualTo(l(s("1"), s("3")));
        assertThat(apply("REMOVE lst[2], lst[0]", item).get("lst")).isEqualTo(l(s("1"), s("3")));
        assertThat(apply("REMOVE lst[9]", item).get("lst")).isEqualTo(item.get("lst"));
        assertThat(apply("SET lst[1] = :s REMOVE lst[0]", item).get("lst")).isEqualTo(l(s("v"), s("2"), s("3")));
    }

    @Test
    void add_numbersAndSets_createOrCombine() {
        assertThat(apply("ADD n :two", map("n", n("5")))).isEqualTo(map("n", n("7")));
        assertThat(apply("ADD n :two", map())).isEqualTo(map("n", n("2")));
        assertThat(apply("ADD tags :tags", map("tags", ss("a", "b")))).isEqualTo(map("tags", ss("a", "b", "c")));
        assertThat(apply("ADD tags :tags", map())).isEqualTo(map("tags", ss("b", "c")));
        assertThat(apply("ADD nums :nums", map("nums", ns("1")))).isEqualTo(map("nums", ns("1", "3")));
        assertThat(applyError("ADD tags :nums", map("tags", ss("a")))).isEqualTo(CompiledUpdate.INCORRECT_TYPE);
        assertThat(applyError("ADD n :one", map("n", s("x")))).isEqualTo(CompiledUpdate.INCORRECT_TYPE);
        assertThat(error("ADD n :s")).isEqualTo(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
        assertThat(error("ADD n :l")).isEqualTo(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST");
    }

    @Test
    void delete_setMembers_removesAttributeWhenEmpty() {
        assertThat(apply("DELETE tags :tags", map("tags", ss("a", "b")))).isEqualTo(map("tags", ss("a")));
        assertThat(apply("DELETE tags :tags", map("tags", ss("b", "c")))).isEqualTo(map());
        assertThat(apply("DELETE tags :tags", map())).isEqualTo(map());
        assertThat(applyError("DELETE tags :tags", map("tags", ns("1")))).isEqualTo(CompiledUpdate.INCORRECT_TYPE);
        assertThat(error("DELETE n :one")).isEqualTo(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
    }

    @Test
    void sections_combinedInAnyOrder_applyTogether() {
        Map<String, AttributeValue> item = map("a", n("1"), "tags", ss("b", "x"), "gone", s("g"));
        assertThat(apply("remove gone ADD a :one set b = :s DELETE tags :tags", item))
                .isEqualTo(map("a", n("2"), "tags", ss("x"), "b", s("v")));
    }

    @Test
    void sections_repeated_areRefused() {
        assertThat(error("SET a = :one SET b = :two")).isEqualTo(
                "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
    }

    @Test
    void paths_overlappingOrConflicting_areRefused() {
        assertThat(error("SET a = :one REMOVE a.b")).isEqualTo("Invalid UpdateExpression: Two document paths overlap with each other; "
                + "must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
        assertThat(error("SET a[1] = :one, a[1] = :two")).isEqualTo("Invalid UpdateExpression: Two document paths overlap with each "
                + "other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, [1]]");
        assertThat(error("SET a.b = :one REMOVE a[0]")).isEqualTo("Invalid UpdateExpression: Two document paths conflict with each "
                + "other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
        assertThat(apply("SET a.b = :one, a.c = :two", map("a", m()))).isEqualTo(map("a", m("b", n("1"), "c", n("2"))));
    }

    @Test
    void syntaxAndPlaceholderErrors_areRefused() {
        assertThat(error("INVALID SYNTAX HERE")).isEqualTo(
                "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
        assertThat(error("ADD hits : incr")).isEqualTo("Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"");
        assertThat(error("SET a = :one + :two + :one")).startsWith("Invalid UpdateExpression: Syntax error; token: \"+\"");
        assertThat(error("SET a")).isEqualTo("Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
        assertThat(error("")).isEqualTo("Invalid UpdateExpression: The expression can not be empty;");
        assertThat(error("SET #x = :one")).isEqualTo("Invalid UpdateExpression: An expression attribute name used in the document path "
                + "is not defined; attribute name: #x");
        assertThat(error("SET a = :x")).isEqualTo("Invalid UpdateExpression: An expression attribute value used in expression is not "
                + "defined; attribute value: :x");
        assertThat(error("SET status = :one")).isEqualTo(
                "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
    }

    @Test
    void topLevelAttributesAndUpdatedParts_reflectThePaths() {
        Update u = parse("SET a.b = :one, c = :two REMOVE d[1] ADD #c :one");
        assertThat(u.topLevelAttributes()).containsExactly("a", "c", "d", "count");
        Map<String, AttributeValue> item = map("a", m("b", n("0"), "z", n("9")), "d", l(n("5"), n("6")), "other", n("1"));
        assertThat(u.updatedParts(item)).isEqualTo(map("a", m("b", n("0")), "d", l(n("6"))));
        assertThat(u.updatedParts(u.apply(item))).isEqualTo(map("a", m("b", n("1")), "c", n("2"), "count", n("1")));
    }

    @Test
    void apply_onMissingItem_startsFromEmpty() {
        assertThatThrownBy(() -> apply("SET a = a + :one", map())).hasMessage(CompiledUpdate.NO_SUCH_ATTRIBUTE);
        assertThat(apply("SET a = :one", map())).isEqualTo(map("a", n("1")));
    }
}
