package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.action.DynamoDbTransactWriteItems;
import org.junit.jupiter.api.Test;

class TransactWriteItemsSyntaxTest {
    private static final String COUNTER = "    action:\n      type: \"dynamodb:TransactWriteItems\"\n      table: items\n"
            + "      key: {id: \"{id}\"}\n      condition: \"attribute_not_exists(id)\"\n"
            + "      counter: {key: {id: \"count#{owner}\"}, update: \"ADD #count {body.quantity}\"}\n"
            + "      names: {\"#count\": itemCount}\n";

    private static CutoverConfig withOperation(String route, String action) {
        String text = CutoverConfig.exampleText();
        String op = "  - name: op\n    route: " + route + "\n" + action;
        return CutoverConfig.parse(text.substring(0, text.indexOf("operations:")) + "operations:\n" + op, "test.yaml");
    }

    @Test
    void parse_itemAndCounter_grantsPutItemAndUpdateItemOnTheTableAndReadsTheCountersTemplates() {
        CutoverConfig config = withOperation("POST /owners/{owner}/items/{id}", COUNTER);
        Operation op = config.operation("op").orElseThrow();

        assertThat(op.action()).isInstanceOf(DynamoDbTransactWriteItems.class);
        assertThat(op.isRead()).isFalse();
        assertThat(new Permissions(config).forOperation(op, Side.NEW)).containsExactly(
                Permission.of("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:222222222222:table/shop-items", "op"),
                Permission.of("dynamodb:UpdateItem", "arn:aws:dynamodb:us-east-1:222222222222:table/shop-items", "op"));
        assertThat(op.action().templates()).extracting(Template::text).contains("{id}", "count#{owner}", "{body.quantity}");
        DynamoDbTransactWriteItems tx = (DynamoDbTransactWriteItems) op.action();
        assertThat(tx.counterUpdate().text()).isEqualTo("ADD #count :u0");
    }

    @Test
    void parse_withoutCounter_namesTheMissingFieldWithAnExample() {
        String noCounter = COUNTER.replace("      counter: {key: {id: \"count#{owner}\"}, update: \"ADD #count {body.quantity}\"}\n", "")
                .replace("      names: {\"#count\": itemCount}\n", "");

        assertThat(noCounter).doesNotContain("counter");
        assertThatThrownBy(() -> withOperation("POST /owners/{owner}/items/{id}", noCounter)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("operations[0].action.counter is required");
    }

    @Test
    void parse_counterWithoutUpdateOrOnAGetRoute_isRefusedNamingTheField() {
        String noUpdate = COUNTER.replace(", update: \"ADD #count {body.quantity}\"", "");

        assertThatThrownBy(() -> withOperation("POST /owners/{owner}/items/{id}", noUpdate))
                .hasMessageContaining("operations[0].action.counter.update is required");
        assertThatThrownBy(() -> withOperation("GET /owners/{owner}/items/{id}", COUNTER))
                .hasMessageContaining("the route must be POST, PUT or PATCH");
    }
}
