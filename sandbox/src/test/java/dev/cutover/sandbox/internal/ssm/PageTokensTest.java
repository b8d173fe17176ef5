package dev.cutover.sandbox.internal.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.edge.AwsException;
import org.junit.jupiter.api.Test;

class PageTokensTest {

    private final PageTokens tokens = new PageTokens();

    @Test
    void open_issuedToken_givesBackTheName() {
        String token = tokens.issue("scope", "/legacy/app/p09");

        assertThat(token).doesNotContain("legacy");
        assertThat(tokens.open("scope", token)).isEqualTo("/legacy/app/p09");
    }

    @Test
    void open_alteredForeignOrGarbageToken_throwsInvalidNextToken() {
        String token = tokens.issue("scope", "/a");
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        for (String bad : new String[] {altered, "!!!", "", "abc"}) {
            assertThatThrownBy(() -> tokens.open("scope", bad)).satisfies(e -> assertThat(((AwsException) e).code())
                    .isEqualTo("InvalidNextToken"));
        }
        assertThatThrownBy(() -> tokens.open("other-scope", token)).isInstanceOf(AwsException.class);
        assertThatThrownBy(() -> new PageTokens().open("scope", token)).isInstanceOf(AwsException.class);
    }
}
