package dev.cutover.router.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.CutoverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {
    private final RouteTable table = new RouteTable(CutoverConfig.example());

    @Test
    void match_knownRoute_givesOperationAndDecodedVariables() {
        RouteTable.Match m = table.match("GET", "/items/item%2D1");
        assertThat(m.operation().name()).isEqualTo("getItem");
        assertThat(m.pathVariables()).containsEntry("id", "item-1");
    }

    @Test
    void match_unknownPath_is404() {
        assertThatThrownBy(() -> table.match("GET", "/nothing/here")).isInstanceOfSatisfying(HttpFailure.class,
                f -> assertThat(f.status()).isEqualTo(404));
    }

    @Test
    void match_wrongMethodOnKnownPath_is405WithAllow() {
        assertThatThrownBy(() -> table.match("DELETE", "/items/1")).isInstanceOfSatisfying(HttpFailure.class, f -> {
            assertThat(f.status()).isEqualTo(405);
            assertThat(f.headers()).containsEntry("allow", "GET, PUT");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/items/..%2F..%2Fetc", "/items/..", "/items/%2e%2e", "/settings/a%2Fb", "/items/a%5Cb", "/items/%00",
        "/items/%zz", "/items/%C3%28"})
    void match_unsafePath_is400(String path) {
        assertThatThrownBy(() -> table.match("GET", path)).isInstanceOfSatisfying(HttpFailure.class,
                f -> assertThat(f.status()).as(path).isEqualTo(400));
    }
}
