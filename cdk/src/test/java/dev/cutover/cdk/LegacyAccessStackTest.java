package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.Arns;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class LegacyAccessStackTest {
    private static CutoverApp.Stacks stacks;
    private static CutoverConfig config;
    private static Template template;
    private static Map<String, Object> json;
    private static String roleId;

    @BeforeAll
    static void synth() {
        stacks = TestApps.example();
        config = stacks.newAccount().legacyAccessProps().config();
        template = Template.fromStack(stacks.legacyAccess());
        json = template.toJSON();
        roleId = stacks.legacyAccess().getLogicalId((CfnElement) stacks.legacyAccess().role().getNode().getDefaultChild());
    }

    @Test
    void trustPolicy_trustsExactlyTheRouterAndMigrationRoleArns_withRequiredExternalId() {
        Arns newArns = config.arns(Side.NEW);
        Map<String, Object> externalId = Map.of("StringEquals", Map.of("sts:ExternalId", config.accounts().legacy().externalId()));
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "cutover-legacy-access",
                "Path", "/",
                "MaxSessionDuration", 3600,
                "AssumeRolePolicyDocument", Match.objectEquals(Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(
                                Map.of("Action", "sts:AssumeRole", "Effect", "Allow", "Condition", externalId,
                                        "Principal", Map.of("AWS", newArns.role("cutover-router"))),
                                Map.of("Action", "sts:AssumeRole", "Effect", "Allow", "Condition", externalId,
                                        "Principal", Map.of("AWS", newArns.role("cutover-migration")))))))));
        template.resourceCountIs("AWS::IAM::Role", 1);
        template.resourceCountIs("AWS::IAM::Policy", 0);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    }

    @Test
    void rolePolicies_grantExactlyWhatPermissionsRequireOfTheLegacyRole() {
        Set<Grant> granted = PolicyGrants.union(PolicyGrants.inlinePolicies(json, roleId));
        assertThat(granted).containsExactlyInAnyOrderElementsOf(PolicyGrants.of(new Permissions(config).forLegacyRole()));
    }

    @Test
    void rolePolicies_splitRouterCallsFromMigrationReads() {
        Permissions permissions = new Permissions(config);
        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(json, roleId);
        assertThat(policies).containsOnlyKeys(LegacyAccessStack.ROUTER_POLICY, LegacyAccessStack.MIGRATION_POLICY);
        assertThat(policies.get(LegacyAccessStack.ROUTER_POLICY))
                .containsExactlyInAnyOrderElementsOf(PolicyGrants.of(permissions.forRouter(Side.LEGACY)));
        assertThat(policies.get(LegacyAccessStack.MIGRATION_POLICY))
                .containsExactlyInAnyOrderElementsOf(PolicyGrants.of(permissions.forMigrationSource()));
    }

    @Test
    void stack_isDeployedToTheLegacyAccount() {
        assertThat(stacks.legacyAccess().getAccount()).isEqualTo(config.accounts().legacy().accountId());
        assertThat(stacks.legacyAccess().getRegion()).isEqualTo(config.region());
        assertThat(stacks.legacyAccess().getDependencies()).isEmpty();
    }

    @Test
    void roleName_withPath_keepsPathAndName() {
        LegacyAccessStack.RoleName name = LegacyAccessStack.RoleName.of("arn:aws:iam::111111111111:role/team/apps/cutover", "111111111111");
        assertThat(name).isEqualTo(new LegacyAccessStack.RoleName("/team/apps/", "cutover"));
    }

    @Test
    void roleName_ofAnotherAccount_isRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> LegacyAccessStack.RoleName.of("arn:aws:iam::999999999999:role/x", "111111111111"))
                .isInstanceOf(CdkException.class)
                .hasMessageContaining("accounts.legacy.roleArn").hasMessageContaining("arn:aws:iam::111111111111:role/");
    }
}
