package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Permissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class CutoverSettingsTest {

    @Test
    void fromContext_withLegacyNamesAndOtherAccount_overridesTheConfigEverywhere() {
        CutoverApp.Stacks stacks = TestApps.build(Map.of(
                CutoverSettings.OTHER_ACCOUNT_ID, "333333333333",
                CutoverSettings.LEGACY_NAMES, Map.of(
                        "roleArn", "arn:aws:iam::111111111111:role/ops/shop-cutover",
                        "migrationRoleArn", "arn:aws:iam::111111111111:role/ops/shop-cutover",
                        "tables", Map.of("items", "OldItems"),
                        "queues", Map.of("itemUpdates", "old-item-updates"))));
        CutoverConfig config = stacks.newAccount().legacyAccessProps().config();

        assertThat(config.accounts().newAccountId()).isEqualTo("333333333333");
        assertThat(config.resources(dev.cutover.config.Side.LEGACY).table("items").name()).isEqualTo("OldItems");
        assertThat(stacks.newAccount().getAccount()).isEqualTo("333333333333");

        Template legacy = Template.fromStack(stacks.legacyAccess());
        legacy.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "shop-cutover", "Path", "/ops/",
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(
                        Match.objectLike(Map.of("Principal", Map.of("AWS", "arn:aws:iam::333333333333:role/cutover-router"))),
                        Match.objectLike(Map.of("Principal", Map.of("AWS", "arn:aws:iam::333333333333:role/cutover-migration")))))))));
        String roleId = stacks.legacyAccess().getLogicalId((CfnElement) stacks.legacyAccess().role().getNode().getDefaultChild());
        var granted = PolicyGrants.union(PolicyGrants.inlinePolicies(legacy.toJSON(), roleId));
        var jobs = EnumSet.of(LegacyAccount.Job.ROUTER, LegacyAccount.Job.MIGRATION);
        assertThat(granted).containsExactlyInAnyOrderElementsOf(PolicyGrants.of(new Permissions(config).forLegacyRoles(jobs)
                        .get(config.accounts().legacy().roleArn())))
                .contains(new Grant("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111111111111:table/OldItems", Map.of()));
        // The router gets the same effective map, so it calls the names the legacy role grants.
        Template next = Template.fromStack(stacks.newAccount());
        Map<String, Object> function = next.findResources("AWS::Lambda::Function").values().iterator().next();
        CutoverConfig routerConfig = CutoverConfig.parse(String.valueOf(dig(function, "Properties", "Environment", "Variables",
                NewAccountStack.CONFIG_ENV)), "router env");
        assertThat(routerConfig.accounts()).isEqualTo(config.accounts());
        assertThat(routerConfig.resources()).isEqualTo(config.resources());
    }

    @Test
    void fromContext_withSnapStart_publishesAVersionAndRoutesTheApiToTheAlias() {
        Template template = Template.fromStack(TestApps.build(Map.of(CutoverSettings.SNAP_START, "true")).newAccount());
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"), "Runtime", "java21")));
        template.resourceCountIs("AWS::Lambda::Version", 1);
        template.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Match.objectLike(Map.of(
                "IntegrationUri", Map.of("Ref", Match.stringLikeRegexp("RouterLive.*")))));
    }

    @Test
    void fromContext_withUnknownLegacyName_namesTheKeyAndTheKnownOnes() {
        assertThatThrownBy(() -> settings(Map.of(CutoverSettings.LEGACY_NAMES, Map.of("tables", Map.of("orders", "x")))))
                .isInstanceOf(CdkException.class)
                .hasMessageContaining("legacyNames.tables.orders").hasMessageContaining("[items]");
        assertThatThrownBy(() -> settings(Map.of(CutoverSettings.LEGACY_NAMES, Map.of("buckets", Map.of()))))
                .isInstanceOf(CdkException.class).hasMessageContaining("legacyNames.buckets");
    }

    @Test
    void fromContext_withBadSnapStartOrMissingConfigFile_saysWhatToSet() {
        assertThatThrownBy(() -> settings(Map.of(CutoverSettings.SNAP_START, "yes")))
                .isInstanceOf(CdkException.class).hasMessageContaining("snapStart").hasMessageContaining("'yes'");
        assertThatThrownBy(() -> settings(Map.of(CutoverSettings.CONFIG_FILE, "no-such.yaml")))
                .isInstanceOf(CdkException.class).hasMessageContaining("configFile").hasMessageContaining("no-such.yaml");
    }

    @Test
    void fromContext_withConfigFileAndCliStyleStrings_readsTheFileRelativeToTheCdkDirectory() throws Exception {
        Path dir = TestApps.tempDir("cdk-settings");
        Files.writeString(dir.resolve("shop.yaml"), CutoverConfig.exampleText().replace("legacy-shop-items", "from-file-items"));
        CutoverSettings settings = CutoverSettings.fromContext(app(Map.of(CutoverSettings.CONFIG_FILE, "shop.yaml",
                CutoverSettings.LEGACY_NAMES, "{\"queues\": {\"orders\": \"old-orders.fifo\"}}",
                CutoverSettings.SNAP_START, "false")).getNode(), dir);
        assertThat(settings.config().resources(dev.cutover.config.Side.LEGACY).table("items").name()).isEqualTo("from-file-items");
        assertThat(settings.config().resources(dev.cutover.config.Side.LEGACY).queue("orders").fifo()).isTrue();
        assertThat(settings.snapStart()).isFalse();
        assertThat(settings.routerCode()).isEqualTo(dir.resolve("../router/target/cutover-router-lambda.jar").normalize());
    }

    @Test
    void newAccountStack_withoutTheRouterJar_explainsHowToBuildIt() {
        assertThatThrownBy(() -> TestApps.build(Map.of(CutoverSettings.ROUTER_JAR, "/nonexistent/router.jar")))
                .isInstanceOf(CdkException.class).hasMessageContaining("/nonexistent/router.jar")
                .hasMessageContaining("./mvnw -q -pl router -am package").hasMessageContaining("routerJar");
    }

    private static Object dig(Map<String, Object> map, String... keys) {
        Object value = map;
        for (String key : keys) {
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }

    private static CutoverSettings settings(Map<String, Object> context) {
        return CutoverSettings.fromContext(app(context).getNode(), TestApps.CDK_DIR);
    }

    private static App app(Map<String, Object> context) {
        return new App(AppProps.builder().context(context).outdir(TestApps.tempDir("cdk-out").toString()).build());
    }
}
