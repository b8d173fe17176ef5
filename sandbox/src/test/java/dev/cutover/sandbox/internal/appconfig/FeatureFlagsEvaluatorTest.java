package dev.cutover.sandbox.internal.appconfig;

import static dev.cutover.sandbox.internal.appconfig.FeatureFlagsValidatorTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureFlagsEvaluatorTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final FeatureFlagsEvaluator evaluator = new FeatureFlagsEvaluator(mapper);

    @Test
    void evaluate_whenFlagsEnabledDisabledAndUnset_servesAttributesOnlyForEnabledFlags() throws IOException {
        JsonNode served = mapper.readTree(evaluator.evaluate(fixture("valid.json")));

        assertThat(served).isEqualTo(mapper.readTree(fixture("valid-evaluated.json")));
    }

    @Test
    void evaluate_keepsFlagOrderOfDefinitions() throws IOException {
        JsonNode served = mapper.readTree(evaluator.evaluate(fixture("valid.json")));

        List<String> names = new ArrayList<>();
        served.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("checkout-v2", "dark_mode", "unset-flag");
    }

    @Test
    void evaluate_dropsMetadataFields() throws IOException {
        JsonNode served = mapper.readTree(evaluator.evaluate(fixture("valid.json")));

        assertThat(served.path("checkout-v2").has("_updatedAt")).isFalse();
        assertThat(served.path("checkout-v2").has("name")).isFalse();
    }
}
