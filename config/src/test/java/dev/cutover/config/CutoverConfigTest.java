package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CutoverConfigTest {

    private static final String EXAMPLE = CutoverConfig.exampleText();

    @Test
    void example_loads_withAllOperationsAndBothSides() {
        CutoverConfig config = CutoverConfig.example();

        assertThat(config.operations()).extracting(Operation::name)
                .containsExactly("getItem", "listOwnerItems", "createOrder", "updateItem", "getSetting");
        assertThat(config.resources(Side.LEGACY).table("items").name()).isEqualTo("legacy-shop-items");
        assertThat(config.resources(Side.NEW).table("items").name()).isEqualTo("shop-items");
        assertThat(config.resources(Side.NEW).queue("orders").fifo()).isTrue();
        assertThat(config.operation("createOrder").orElseThrow().routingKey().text()).isEqualTo("{body.customerId}");
        assertThat(config.operation("getItem").orElseThrow().routingKey().text()).isEqualTo("{id}");
        assertThat(config.accounts().legacy().sessionDuration()).hasHours(1);
    }

    @Test
    void parse_withoutReverseReplicationRoleArn_reverseJobUsesTheReplicationRole() {
        String withoutKey = EXAMPLE.replaceAll("(?m)^    reverseReplicationRoleArn: .*\\n", "");
        String neither = withoutKey.replaceAll("(?m)^    replicationRoleArn: .*\\n", "");

        LegacyAccount legacy = CutoverConfig.parse(withoutKey, "test.yaml").accounts().legacy();
        LegacyAccount fallback = CutoverConfig.parse(neither, "test.yaml").accounts().legacy();

        assertThat(withoutKey).doesNotContain("reverseReplicationRoleArn:").contains("replicationRoleArn:");
        assertThat(legacy.roleArn(LegacyAccount.Job.REVERSE_REPLICATION)).isEqualTo(legacy.roleArn(LegacyAccount.Job.REPLICATION))
                .endsWith("role/cutover-legacy-replication");
        assertThat(fallback.roleArn(LegacyAccount.Job.REVERSE_REPLICATION)).isEqualTo(fallback.roleArn(LegacyAccount.Job.MIGRATION));
        assertThat(CutoverConfig.example().accounts().legacy().roleArn(LegacyAccount.Job.REVERSE_REPLICATION))
                .isEqualTo("arn:aws:iam::111111111111:role/cutover-legacy-reverse-replication");
    }

    @Test
    void parse_whenReverseReplicationRoleIsInAnotherAccount_namesTheField() {
        String bad = EXAMPLE.replace("reverseReplicationRoleArn: arn:aws:iam::111111111111:",
                "reverseReplicationRoleArn: arn:aws:iam::333333333333:");

        assertThatThrownBy(() -> CutoverConfig.parse(bad, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("accounts.legacy.reverseReplicationRoleArn")
                .hasMessageContaining("333333333333");
    }

    @Test
    void parse_whenSessionDurationOverOneHour_namesRoleChainingCap() {
        String bad = EXAMPLE.replace("sessionDuration: 1h", "sessionDuration: 2h");

        assertThatThrownBy(() -> CutoverConfig.parse(bad, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("accounts.legacy.sessionDuration")
                .hasMessageContaining("role chaining");
    }

    @Test
    void parse_whenATimeoutIsZero_namesTheField() {
        assertThatThrownBy(() -> CutoverConfig.parse(EXAMPLE.replace("secondaryTimeout: 500ms", "secondaryTimeout: 0s"), "test.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("router.secondaryTimeout must be positive");
        assertThatThrownBy(() -> CutoverConfig.parse(EXAMPLE.replace("backendTimeout: 5s", "backendTimeout: 0ms"), "test.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("router.backendTimeout must be positive");
    }

    @Test
    void parse_whenRouteHasNoSlash_namesFieldAndValue() {
        String bad = EXAMPLE.replace("route: GET /items/{id}", "route: GET items/{id}");

        assertThatThrownBy(() -> CutoverConfig.parse(bad, "test.yaml"))
                .hasMessageContaining("operations[0].route")
                .hasMessageContaining("'items/{id}'");
    }

    @Test
    void parse_whenTemplateUsesUnknownPathVariable_fails() {
        String bad = EXAMPLE.replace("key: {id: \"{id}\"}", "key: {id: \"{itemId}\"}");

        assertThatThrownBy(() -> CutoverConfig.parse(bad, "test.yaml"))
                .hasMessageContaining("operations[0].action.key.id")
                .hasMessageContaining("{itemId}");
    }

    @Test
    void parse_whenKeySchemasDiffer_fails() {
        String bad = EXAMPLE.replace("name: shop-items\n        partitionKey: {name: id, type: S}",
                "name: shop-items\n        partitionKey: {name: id, type: N}");

        assertThatThrownBy(() -> CutoverConfig.parse(bad, "test.yaml"))
                .hasMessageContaining("resources.new.tables.items key schema id:N")
                .hasMessageContaining("id:S");
    }

    @Test
    void parse_whenUnknownField_failsInsteadOfIgnoring() {
        String bad = EXAMPLE.replace("  pollInterval: 15s", "  pollInterval: 15s\n  pollIntervall: 20s");

        assertThatThrownBy(() -> CutoverConfig.parse(bad, "test.yaml"))
                .hasMessageContaining("appConfig.pollIntervall is not a known field");
    }

    @Test
    void parse_whenFifoQueueWithoutGroupId_fails() {
        String bad = EXAMPLE.replace("      messageGroupId: \"{body.customerId}\"\n", "");

        assertThatThrownBy(() -> CutoverConfig.parse(bad, "test.yaml"))
                .hasMessageContaining("operations[2].action.messageGroupId is required");
    }

    @Test
    void parse_whenNotYaml_saysSo() {
        assertThatThrownBy(() -> CutoverConfig.parse("region: [", "broken.yaml"))
                .hasMessageContaining("broken.yaml is not valid YAML or JSON");
    }

    @Test
    void routeMatch_extractsVariables_andRejectsOtherShapes() {
        HttpRoute route = HttpRoute.parse("GET /owners/{owner}/items");

        assertThat(route.match(List.of("owners", "ann", "items"))).contains(Map.of("owner", "ann"));
        assertThat(route.match(List.of("owners", "ann"))).isEmpty();
        assertThat(route.match(List.of("owners", "", "items"))).isEmpty();
    }

    @Test
    void template_rendersLiteralsAndPlaceholders_emptyWhenValueMissing() {
        Template template = Template.parse("item#{id}/{query.v}");

        Template.Values values = ref -> ref.source() == Template.Source.PATH ? Optional.of("42") : Optional.empty();
        assertThat(template.render(values)).isEmpty();
        Template.Values all = ref -> Optional.of(ref.source() == Template.Source.PATH ? "42" : "7");
        assertThat(template.render(all)).contains("item#42/7");
    }
}
