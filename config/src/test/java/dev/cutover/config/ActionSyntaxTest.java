package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.action.Action;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ActionSyntaxTest {
    private static CutoverConfig withOperation(String operation) {
        String text = CutoverConfig.exampleText();
        return CutoverConfig.parse(text.substring(0, text.indexOf("operations:")) + "operations:\n" + operation, "test.yaml");
    }

    /** The records under the sealed hierarchy (Action permits TableAction, which permits ItemWrite, ...). */
    private static Stream<Class<?>> kinds(Class<?> type) {
        return type.isRecord() ? Stream.of(type) : Arrays.stream(type.getPermittedSubclasses()).flatMap(ActionSyntaxTest::kinds);
    }

    @Test
    void parsers_everyPermittedKind_hasAParser() {
        assertThat(Action.Parsers.types()).hasSize((int) kinds(Action.class).count());
        assertThat(kinds(Action.class).map(Class::getSimpleName))
                .allSatisfy(name -> assertThat(Action.Parsers.types()).anySatisfy(t -> assertThat(t.replace(":", "").toLowerCase())
                        .isEqualTo(name.toLowerCase())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PUT /items/{id}|{type: 'dynamodb:UpdateItem', table: items, key: {id: '{id}'}}|operations[0].action.update is required",
        "PUT /items/{id}|{type: 'dynamodb:UpdateItem', table: items, key: {id: '{id}'}, update: 'SET #p = {body.p}'}"
            + "|add it under 'names'",
        "PUT /items/{id}|{type: 'dynamodb:UpdateItem', table: items, key: {id: '{id}'}, update: 'SET p = :p'}|not as ':name'",
        "GET /items/{id}|{type: 'dynamodb:PutItem', table: items, key: {id: '{id}'}}|the route must be POST, PUT or PATCH",
        "GET /o/{o}|{type: 'dynamodb:Query', table: items, partitionKey: {name: id, value: '{o}'},"
            + " sortKey: {name: x, operator: '=', value: a}}"
            + "|has no sort key",
        "POST /b|{type: 'dynamodb:BatchGetItem', table: items, ids: 'x{body.ids}'}|ids must be one placeholder",
        "GET /s|{type: 'ssm:GetParametersByPath', parameters: nope}|operations[0].action.parameters 'nope' is not defined",
        "GET /s|{type: 'dynamodb:Scan', table: items}|type must be one of dynamodb:GetItem"})
    void parse_badAction_namesTheFieldAndTheFix(String route, String action, String message) {
        String op = "  - name: op\n    route: " + route + "\n    action: " + action + "\n    routingKey: '{requestId}'\n";
        assertThatThrownBy(() -> withOperation(op)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void parse_updateItemTemplate_replacesPlaceholdersWithValues() {
        CutoverConfig config = withOperation("  - name: op\n    route: PATCH /items/{id}\n"
                + "    action: {type: 'dynamodb:UpdateItem', table: items, key: {id: '{id}'},"
                + " update: 'SET #p = {body.p}, #o = {id}', names: {'#p': price, '#o': owner}}\n");
        var update = ((dev.cutover.config.action.DynamoDbUpdateItem) config.operations().get(0).action()).update();
        assertThat(update.text()).isEqualTo("SET #p = :u0, #o = :u1");
        assertThat(update.values()).extracting(Template::text).containsExactly("{body.p}", "{id}");
    }
}
