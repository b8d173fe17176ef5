package dev.cutover.router.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonComparisonTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String s) throws Exception {
        return json.readTree(s);
    }

    @Test
    void differences_reorderedKeysArraysAndEqualNumbers_match() throws Exception {
        JsonNode a = read("{\"items\":[{\"id\":\"1\",\"price\":1.50},{\"id\":\"2\"}],\"count\":2}");
        JsonNode b = read("{\"count\":2,\"items\":[{\"id\":\"2\"},{\"price\":1.5,\"id\":\"1\"}]}");
        assertThat(JsonComparison.differences(a, b, Set.of())).isEmpty();
    }

    @Test
    void differences_changedField_namesIt() throws Exception {
        JsonNode a = read("{\"item\":{\"id\":\"1\",\"price\":2,\"name\":\"x\"}}");
        JsonNode b = read("{\"item\":{\"id\":\"1\",\"price\":3,\"name\":\"x\"}}");
        assertThat(JsonComparison.differences(a, b, Set.of())).containsExactly("item.price");
    }

    @Test
    void differences_volatileFieldIgnored_match() throws Exception {
        JsonNode a = read("{\"name\":\"tax\",\"value\":\"0.2\",\"version\":1}");
        JsonNode b = read("{\"name\":\"tax\",\"value\":\"0.2\",\"version\":7}");
        assertThat(JsonComparison.differences(a, b, Set.of("version"))).isEmpty();
        assertThat(JsonComparison.differences(a, b, Set.of())).containsExactly("version");
    }

    @Test
    void differences_missingField_namesIt() throws Exception {
        assertThat(JsonComparison.differences(read("{\"item\":{\"id\":\"1\",\"x\":1}}"), read("{\"item\":{\"id\":\"1\"}}"), Set.of()))
                .containsExactly("item.x");
    }
}
