package dev.cutover.router.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF documents the library writes for us, read back as CloudWatch would read them. */
class TelemetryTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final Telemetry telemetry = new Telemetry(json, lines::add);

    private JsonNode onlyLine() throws Exception {
        assertThat(lines).hasSize(1);
        return json.readTree(lines.get(0));
    }

    private static JsonNode directive(JsonNode line) {
        JsonNode directives = line.path("_aws").path("CloudWatchMetrics");
        assertThat(directives).hasSize(1);
        return directives.get(0);
    }

    private static Map<String, String> units(JsonNode directive) {
        Map<String, String> units = new LinkedHashMap<>();
        directive.path("Metrics").forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
        return units;
    }

    @Test
    void request_oneRequest_oneLineWithFieldsAndMetricsByOperationAndSideAndOverall() throws Exception {
        telemetry.request(new RequestRecord("req-1", "getItem", "new", 4217, 38, 200, "ok", "match", 2500, null));

        JsonNode line = onlyLine();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("event").asText()).isEqualTo("request");
        assertThat(line.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line.path("operation").asText()).isEqualTo("getItem");
        assertThat(line.path("side").asText()).isEqualTo("new");
        assertThat(line.path("bucket").asInt()).isEqualTo(4217);
        assertThat(line.path("latencyMs").asLong()).isEqualTo(38);
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("outcome").asText()).isEqualTo("ok");
        assertThat(line.path("secondary").asText()).isEqualTo("match");
        assertThat(line.path("flagAgeMs").asLong()).isEqualTo(2500);
        assertThat(line.has("detail")).isFalse();
        assertThat(line.path(Telemetry.REQUESTS).asDouble()).isEqualTo(1);
        assertThat(line.path(Telemetry.LATENCY).asDouble()).isEqualTo(38);
        assertThat(line.path(Telemetry.FLAG_AGE).asDouble()).isEqualTo(2.5);
        assertThat(line.path("_aws").path("Timestamp").asLong()).isPositive();
        JsonNode directive = directive(line);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Cutover/Router");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"operation\",\"side\"],[]]");
        assertThat(units(directive)).containsOnly(Map.entry(Telemetry.REQUESTS, "Count"),
                Map.entry(Telemetry.LATENCY, "Milliseconds"), Map.entry(Telemetry.FLAG_AGE, "Seconds"));
        assertThat(telemetry.count("Requests:getItem:new")).isEqualTo(1);
    }

    @Test
    void request_streamedLine_equalsTheLibrarysDocumentForTheSameRecord() throws Exception {
        for (RequestRecord r : List.of(new RequestRecord("req-1", "getItem", "new", 4217, 38, 200, "ok", "match", 2500, null),
                new RequestRecord("req-\"2\u00e9", "-", "-", -1, 3, 503, "unavailable", null, 0, "Throttling \\ x"))) {
            lines.clear();
            telemetry.request(r);
            telemetry.requestThroughLibrary(r);

            assertThat(lines).hasSize(2);
            ObjectNode streamed = (ObjectNode) json.readTree(lines.get(0));
            ObjectNode library = (ObjectNode) json.readTree(lines.get(1));
            assertThat(streamed.path("_aws").path("Timestamp").asLong()).isPositive();
            assertThat(units(directive(streamed))).isEqualTo(units(directive(library)));
            for (ObjectNode line : List.of(streamed, library)) {
                ((ObjectNode) line.get("_aws")).remove("Timestamp");
                ((ObjectNode) directive(line)).remove("Metrics"); // the library's order is a hash map's; compared above as a map
            }
            assertThat(streamed).isEqualTo(library);
        }
    }

    @Test
    void request_serverError_levelError() throws Exception {
        telemetry.request(new RequestRecord("req-2", "-", "-", -1, 3, 503, "unavailable", null, 0, "ThrottlingException"));

        JsonNode line = onlyLine();
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.has("bucket")).isFalse();
        assertThat(line.path("detail").asText()).isEqualTo("ThrottlingException");
    }

    @Test
    void warn_withOperation_countsByOperation() throws Exception {
        telemetry.warn("shadow_mismatch", Telemetry.SHADOW_MISMATCHES, "getItem", Map.of("differingFields", List.of("item.price")));

        JsonNode line = onlyLine();
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("event").asText()).isEqualTo("shadow_mismatch");
        assertThat(line.path("operation").asText()).isEqualTo("getItem");
        assertThat(line.path("differingFields").toString()).isEqualTo("[\"item.price\"]");
        assertThat(line.path(Telemetry.SHADOW_MISMATCHES).asDouble()).isEqualTo(1);
        assertThat(directive(line).path("Dimensions").toString()).isEqualTo("[[\"operation\"]]");
        assertThat(units(directive(line))).containsOnly(Map.entry(Telemetry.SHADOW_MISMATCHES, "Count"));
        assertThat(telemetry.count("ShadowMismatches:getItem")).isEqualTo(1);
        assertThat(telemetry.count("ShadowMismatches")).isEqualTo(1);
    }

    @Test
    void countOnly_withoutOperation_countsWithoutDimensions() throws Exception {
        telemetry.countOnly(Telemetry.FLAG_FETCH_ERRORS, null);

        JsonNode line = onlyLine();
        assertThat(line.path("level").asText()).isEqualTo("DEBUG");
        assertThat(line.has("operation")).isFalse();
        assertThat(directive(line).path("Dimensions").toString()).isEqualTo("[[]]");
        assertThat(telemetry.count(Telemetry.FLAG_FETCH_ERRORS)).isEqualTo(1);
    }

    @Test
    void info_withMetric_countsBySide() throws Exception {
        telemetry.info("credentials_refreshed", Telemetry.CREDENTIAL_REFRESHES, "side", "legacy", Map.of("reason", "ExpiredToken"));

        JsonNode line = onlyLine();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("side").asText()).isEqualTo("legacy");
        assertThat(line.path("reason").asText()).isEqualTo("ExpiredToken");
        assertThat(line.path(Telemetry.CREDENTIAL_REFRESHES).asDouble()).isEqualTo(1);
        assertThat(directive(line).path("Dimensions").toString()).isEqualTo("[[\"side\"]]");
        assertThat(telemetry.count("CredentialRefreshes:legacy")).isEqualTo(1);
    }

    @Test
    void warnAndInfo_withoutMetric_plainJsonWithoutEmf() throws Exception {
        telemetry.warn("missing_permission", null, "getItem", Map.of("missingPermission", "dynamodb:GetItem on items"));
        telemetry.info("flags_changed", Map.of("version", "3"));

        assertThat(lines).hasSize(2);
        JsonNode warn = json.readTree(lines.get(0));
        assertThat(warn.path("level").asText()).isEqualTo("WARN");
        assertThat(warn.path("operation").asText()).isEqualTo("getItem");
        assertThat(warn.has("_aws")).isFalse();
        assertThat(json.readTree(lines.get(1)).has("_aws")).isFalse();
    }
}
