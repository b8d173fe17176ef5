package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteAuthTest {
    private static final String EXAMPLE = CutoverConfig.exampleText();
    private static final String GET_SETTING_AUTH = "    route: GET /settings/{name}\n    auth: iam\n";
    private static final String JWT = "jwtAuthorizer:\n  issuer: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123\n"
            + "  audience: [shop-web, shop-app]\n\n";

    /** The example with {@code from} replaced; fails if the example no longer contains it, so no edit is silently lost. */
    private static String edited(String text, String from, String to) {
        assertThat(text).as("the example still contains the text this test edits").contains(from);
        return text.replace(from, to);
    }

    @Test
    void example_decryptingOperation_requiresIam_andTheOthersAreOpen() {
        CutoverConfig config = CutoverConfig.example();

        assertThat(config.operation("getSetting").orElseThrow().auth()).isEqualTo(RouteAuth.IAM);
        assertThat(config.operations()).filteredOn(o -> !o.name().equals("getSetting")).extracting(Operation::auth)
                .containsOnly(RouteAuth.NONE);
        assertThat(config.jwtAuthorizer()).isEmpty();
    }

    @Test
    void parse_decryptingOperationOnAnOpenRoute_isRefusedNamingTheFix() {
        String open = edited(EXAMPLE, GET_SETTING_AUTH, "    route: GET /settings/{name}\n");

        assertThatThrownBy(() -> CutoverConfig.parse(open, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("operations[4] (getSetting)")
                .hasMessageContaining("decrypted SecureStrings")
                .hasMessageContaining("auth: iam")
                .hasMessageContaining("decrypt: false");
    }

    @Test
    void parse_explicitAuthNoneOnADecryptingOperation_isRefused() {
        String open = edited(EXAMPLE, GET_SETTING_AUTH, "    route: GET /settings/{name}\n    auth: none\n");

        assertThatThrownBy(() -> CutoverConfig.parse(open, "test.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("on an open route");
    }

    @Test
    void parse_openRouteWithoutDecryption_loads() {
        String text = edited(edited(EXAMPLE, GET_SETTING_AUTH, "    route: GET /settings/{name}\n"),
                "name: \"{name}\", decrypt: true}", "name: \"{name}\", decrypt: false}");

        assertThat(CutoverConfig.parse(text, "test.yaml").operation("getSetting").orElseThrow().auth()).isEqualTo(RouteAuth.NONE);
    }

    @Test
    void parse_jwtAuthWithAnAuthorizer_keepsIssuerAndAudience() {
        String text = edited(edited(EXAMPLE, "operations:\n", JWT + "operations:\n"), GET_SETTING_AUTH,
                "    route: GET /settings/{name}\n    auth: jwt\n");

        CutoverConfig config = CutoverConfig.parse(text, "test.yaml");

        assertThat(config.operation("getSetting").orElseThrow().auth()).isEqualTo(RouteAuth.JWT);
        assertThat(config.jwtAuthorizer()).contains(new JwtAuthorizer(
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123", List.of("shop-web", "shop-app")));
    }

    @Test
    void parse_jwtAuthWithoutAnAuthorizer_isRefusedNamingTheMissingBlock() {
        String text = edited(EXAMPLE, GET_SETTING_AUTH, "    route: GET /settings/{name}\n    auth: jwt\n");

        assertThatThrownBy(() -> CutoverConfig.parse(text, "test.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("operations[4].auth is 'jwt'").hasMessageContaining("jwtAuthorizer");
    }

    @Test
    void parse_badAuthorizerOrAuth_namesTheFieldAndTheBadValue() {
        String httpIssuer = edited(edited(EXAMPLE, "operations:\n", JWT + "operations:\n"), "issuer: https://", "issuer: http://");
        String noAudience = edited(edited(EXAMPLE, "operations:\n", JWT + "operations:\n"), "  audience: [shop-web, shop-app]\n",
                "  audience: []\n");
        String unknown = edited(EXAMPLE, "    auth: iam\n", "    auth: cognito\n");

        assertThatThrownBy(() -> CutoverConfig.parse(httpIssuer, "test.yaml")).hasMessageContaining("jwtAuthorizer.issuer")
                .hasMessageContaining("https URL");
        assertThatThrownBy(() -> CutoverConfig.parse(noAudience, "test.yaml")).hasMessageContaining("jwtAuthorizer.audience");
        assertThatThrownBy(() -> CutoverConfig.parse(unknown, "test.yaml")).hasMessageContaining("operations[4].auth")
                .hasMessageContaining("'cognito'");
    }

    @Test
    void toBuilder_keepsTheJwtAuthorizer() {
        CutoverConfig config = CutoverConfig.parse(edited(EXAMPLE, "operations:\n", JWT + "operations:\n"), "test.yaml");

        assertThat(config.toBuilder().build().jwtAuthorizer()).isEqualTo(config.jwtAuthorizer()).isPresent();
    }
}
