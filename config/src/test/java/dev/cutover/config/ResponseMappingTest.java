package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code response} and {@code shadowIgnore} fields of an operation: parsed, defaulted and refused at load. */
class ResponseMappingTest {
    private static final String EXAMPLE = CutoverConfig.exampleText();
    private static final String GET_ITEM = "    action: {type: \"dynamodb:GetItem\", table: items, key: {id: \"{id}\"}}\n";

    private static CutoverConfig withGetItem(String extra) {
        assertThat(EXAMPLE).contains(GET_ITEM);
        return CutoverConfig.parse(EXAMPLE.replace(GET_ITEM, GET_ITEM + extra), "test.yaml");
    }

    @Test
    void parse_withoutResponseOrShadowIgnore_keepsTheDefaults() {
        Operation op = CutoverConfig.example().operation("getItem").orElseThrow();

        assertThat(op.response()).isEmpty();
        assertThat(op.shadowIgnore()).containsExactly("version");
    }

    @Test
    void parse_responseMapping_keepsStatusHeadersAndBodyTemplate() {
        Operation op = withGetItem("""
                    shadowIgnore: [updatedAt, item.note]
                    response:
                      status: 203
                      headers: {X-Owner: "{item.owner}"}
                      body: {data: "{item}", price: "{item.price}", fixed: 19.90}
                """).operation("getItem").orElseThrow();

        ResponseMapping m = op.response().orElseThrow();
        assertThat(m.status()).hasValue(203);
        assertThat(m.headers()).containsEntry("x-owner", "{item.owner}");
        assertThat(m.body().path("data").asText()).isEqualTo("{item}");
        assertThat(op.shadowIgnore()).containsExactly("updatedAt", "item.note");
    }

    @Test
    void parse_placeholderNotInTheActionsResult_namesFieldAndChoices() {
        assertThatThrownBy(() -> withGetItem("    response: {body: {list: \"{items}\"}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: operations[0].response.body.list uses {items}, but a dynamodb:GetItem result has no field 'items';"
                        + " use one of [item] (e.g. {item}) or {requestId}");
    }

    @Test
    void parse_badStatusHeaderOrShadowIgnore_namesTheField() {
        assertThatThrownBy(() -> withGetItem("    response: {status: 404}\n"))
                .hasMessageContaining("operations[0].response.status must be a success status from 200 to 299");
        assertThatThrownBy(() -> withGetItem("    response: {status: \"ok\"}\n"))
                .hasMessageContaining("operations[0].response.status must be a whole number");
        assertThatThrownBy(() -> withGetItem("    response: {headers: {content-length: \"1\"}}\n"))
                .hasMessageContaining("operations[0].response.headers.content-length is not a header the router may set");
        assertThatThrownBy(() -> withGetItem("    response: {body: {a: \"{item\"}}\n"))
                .hasMessageContaining("operations[0].response.body.a has a '{' or '}' that is not a placeholder");
        assertThatThrownBy(() -> withGetItem("    response: {bodee: {}}\n"))
                .hasMessageContaining("operations[0].response.bodee is not a known field");
        assertThatThrownBy(() -> withGetItem("    shadowIgnore: version\n"))
                .hasMessageContaining("operations[0].shadowIgnore must be a list");
        assertThatThrownBy(() -> withGetItem("    shadowIgnore: [\"item..x\"]\n"))
                .hasMessageContaining("operations[0].shadowIgnore[0] must be a field name or a dotted path");
    }

    @Test
    void placeholders_listsNamesInOrder() {
        assertThat(ResponseMapping.placeholders("/orders/{messageId}?r={requestId}")).isEqualTo(List.of("messageId", "requestId"));
    }
}
