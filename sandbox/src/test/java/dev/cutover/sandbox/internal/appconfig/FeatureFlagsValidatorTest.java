package dev.cutover.sandbox.internal.appconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureFlagsValidatorTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final FeatureFlagsValidator validator = new FeatureFlagsValidator(mapper);

    static byte[] fixture(String name) {
        try (InputStream in = FeatureFlagsValidatorTest.class.getResourceAsStream("/appconfig/featureflags/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void validate_whenDocumentUsesEveryConstraintCorrectly_reportsNoProblem() {
        assertThat(validator.validate(fixture("valid.json"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid-undefined-flag.json | values.ghost | flagDefined | 'ghost', which is not defined
            invalid-enum.json | values.checkout.side | enum | 'sideways' of attribute 'side' of flag 'checkout'
            invalid-maximum.json | values.checkout.percent | maximum | 150 of attribute 'percent' of flag 'checkout' is greater
            invalid-minimum.json | values.checkout.percent | minimum | -1 of attribute 'percent' of flag 'checkout' is less
            invalid-pattern.json | values.checkout.region | pattern | 'US_EAST' of attribute 'region' of flag 'checkout'
            invalid-type.json | values.checkout.percent | type | must be of type number
            invalid-required.json | values.checkout.percent | required | Attribute 'percent' of flag 'checkout' is required
            invalid-flag-key.json | flags.Checkout | pattern | flag key 'Checkout' must start with a lowercase
            invalid-version.json | version | enum | must be the string "1"
            invalid-undefined-attribute.json | values.checkout.percent | attributeDefined | attribute 'percent', which is not defined
            invalid-array-element.json | values.checkout.operations[1] | enum | 'DeleteTable' of element 1 of attribute 'operations'
            invalid-enabled-missing.json | values.checkout.enabled | required | needs "enabled"
            """)
    void validate_whenDocumentBreaksARule_namesLocationRuleAndFlag(String fixture, String location, String constraint, String reason) {
        List<ConfigurationProblem> problems = validator.validate(fixture(fixture));

        assertThat(problems).hasSize(1);
        ConfigurationProblem problem = problems.get(0);
        assertThat(problem.location()).isEqualTo(location);
        assertThat(problem.constraint()).isEqualTo(constraint);
        assertThat(problem.reason()).contains(reason);
    }

    @Test
    void validate_whenContentIsNotJson_saysSo() {
        List<ConfigurationProblem> problems = validator.validate("flags: on".getBytes(StandardCharsets.UTF_8));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.constraint()).isEqualTo("json");
            assertThat(p.reason()).contains("not valid JSON");
        });
    }

    @Test
    void validate_whenAttributeIsNamedEnabled_refusesReservedName() {
        String doc = """
                {"version":"1","flags":{"f":{"name":"F","attributes":{"enabled":{"constraints":{"type":"boolean"}}}}}}
                """;

        assertThat(validator.validate(doc.getBytes(StandardCharsets.UTF_8)))
                .extracting(ConfigurationProblem::constraint).containsExactly("reserved");
    }

    @Test
    void validate_whenUnknownTopLevelPropertyAndBadConstraintType_reportsBoth() {
        String doc = """
                {"version":"1","extra":true,"flags":{"f":{"attributes":{"a":{"constraints":{"type":"date"}}}}}}
                """;

        assertThat(validator.validate(doc.getBytes(StandardCharsets.UTF_8)))
                .extracting(ConfigurationProblem::location)
                .containsExactlyInAnyOrder("extra", "flags.f.attributes.a.constraints.type");
    }

    @Test
    void validate_whenStringConstraintHasBothPatternAndEnum_refusesConstraint() {
        String doc = """
                {"version":"1","flags":{"f":{"attributes":{"a":{"constraints":{"type":"string","pattern":"^x","enum":["x"]}}}}}}
                """;

        assertThat(validator.validate(doc.getBytes(StandardCharsets.UTF_8)))
                .extracting(ConfigurationProblem::constraint).containsExactly("oneOf");
    }
}
