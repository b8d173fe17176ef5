package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.Side;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.RouterResponse;
import dev.cutover.router.internal.telemetry.Telemetry;
import dev.cutover.sandbox.SandboxExtension;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Shadow reads with a sampling percentage ({@code shadowPercent} in the flag) and per-operation ignored fields
 * ({@code shadowIgnore} in the operation map: {@code updatedAt} at any depth, {@code item.note} only there), against
 * the sandbox. Sampling hashes the request id, so a given request is always sampled the same way: 100% and 0% are
 * exact, never by chance.
 */
class ShadowSamplingSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISMATCHES = Telemetry.SHADOW_MISMATCHES + ":getItem";
    private static RouterWorld world;

    @BeforeAll
    static void setUp() throws IOException {
        world = RouterWorld.provision(SANDBOX.sandbox(), ResponseMappingSandboxTest.config(SANDBOX));
        // differs only in ignored fields: updatedAt (any depth) and item.note
        world.putItem(Side.LEGACY, "same", "ann", Map.of("updatedAt", AttributeValue.fromS("2024-01-01"),
                "note", AttributeValue.fromS("legacy"), "meta", AttributeValue.fromM(Map.of("updatedAt", AttributeValue.fromN("1")))));
        world.putItem(Side.NEW, "same", "ann", Map.of("updatedAt", AttributeValue.fromS("2025-06-30"),
                "note", AttributeValue.fromS("new"), "meta", AttributeValue.fromM(Map.of("updatedAt", AttributeValue.fromN("2")))));
        // differs in a compared field
        world.putItem(Side.LEGACY, "diff", "ann", Map.of());
        world.putItem(Side.NEW, "diff", "bob", Map.of());
        // differs in a field named like an ignored path, but at another depth: compared
        world.putItem(Side.LEGACY, "deep", "ann", Map.of("meta", AttributeValue.fromM(Map.of("note", AttributeValue.fromS("a")))));
        world.putItem(Side.NEW, "deep", "ann", Map.of("meta", AttributeValue.fromM(Map.of("note", AttributeValue.fromS("b")))));
        world.startRouter();
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @BeforeEach
    void clearLogs() {
        world.clearLogs();
    }

    private static void shadow(double percent) {
        world.deployFlags(RoutingFlags.allLegacy(world.config()).with("getItem",
                new OperationFlag(Side.LEGACY, 0, true, false).withShadowPercent(percent)));
        world.awaitFlagsPoll();
    }

    private static long mismatches() {
        return world.router().routing().metricCount(MISMATCHES);
    }

    private static String secondaryOfLastRequest() throws IOException {
        List<String> lines = world.logs().stream().filter(l -> l.contains("\"operation\":\"getItem\"") && l.contains("\"latencyMs\""))
                .toList();
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        return last.path("secondary").isMissingNode() || last.path("secondary").isNull() ? null : last.path("secondary").asText();
    }

    @Test
    void shadowRead_at100Percent_detectsAMismatchInEveryRequest() throws Exception {
        shadow(100);
        long before = mismatches();

        for (int i = 0; i < 5; i++) {
            RouterResponse r = world.get("/items/diff");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("data").path("id").asText()).isEqualTo("diff");
            assertThat(secondaryOfLastRequest()).isEqualTo("mismatch");
        }

        assertThat(mismatches() - before).isEqualTo(5);
        assertThat(world.logs("shadow_mismatch")).hasSize(5).allSatisfy(l -> assertThat(l).contains("item.owner"));
    }

    @Test
    void shadowRead_at0Percent_samplesNoRequest() throws Exception {
        shadow(0);
        long before = mismatches();

        for (int i = 0; i < 5; i++) {
            assertThat(world.get("/items/diff").status()).isEqualTo(200);
            assertThat(secondaryOfLastRequest()).isNull();
        }

        assertThat(mismatches()).isEqualTo(before);
        assertThat(world.logs("shadow_mismatch")).isEmpty();
    }

    @Test
    void shadowRead_differenceOnlyInIgnoredFields_isAMatch() throws Exception {
        shadow(100);
        long before = mismatches();

        assertThat(world.get("/items/same").status()).isEqualTo(200);

        assertThat(secondaryOfLastRequest()).isEqualTo("match");
        assertThat(mismatches()).isEqualTo(before);
    }

    @Test
    void shadowRead_ignoredPathAtAnotherDepth_isStillCompared() throws Exception {
        shadow(100);

        assertThat(world.get("/items/deep").status()).isEqualTo(200);

        assertThat(secondaryOfLastRequest()).isEqualTo("mismatch");
        assertThat(world.logs("shadow_mismatch")).singleElement().satisfies(l -> assertThat(l).contains("item.meta"));
    }
}
