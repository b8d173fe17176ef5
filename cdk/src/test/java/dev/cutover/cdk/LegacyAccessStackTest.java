package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.Arns;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount.Job;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;

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
    void trustPolicy_eachRoleTrustsExactlyItsJobsRoleArn_withRequiredExternalId() {
        Arns newArns = config.arns(Side.NEW);
        Map<String, Object> externalId = Map.of("StringEquals", Map.of("sts:ExternalId", config.accounts().legacy().externalId()));
        for (Map.Entry<String, String> role : Map.of("cutover-legacy-access", "cutover-router",
                "cutover-legacy-migration", "cutover-migration").entrySet()) {
            template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                    "RoleName", role.getKey(),
                    "Path", "/",
                    "MaxSessionDuration", 3600,
                    "AssumeRolePolicyDocument", Match.objectEquals(Map.of(
                            "Version", "2012-10-17",
                            "Statement", List.of(Map.of("Action", "sts:AssumeRole", "Effect", "Allow", "Condition", externalId,
                                    "Principal", Map.of("AWS", newArns.role(role.getValue())))))))));
        }
        template.resourceCountIs("AWS::IAM::Role", 2);
        template.resourceCountIs("AWS::IAM::Policy", 0);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    }

    @Test
    void rolePolicies_grantEachRoleExactlyWhatPermissionsRequireOfItsJob() {
        Permissions permissions = new Permissions(config);
        for (Job job : List.of(Job.ROUTER, Job.MIGRATION)) {
            Role role = stacks.legacyAccess().role(job).orElseThrow();
            String id = stacks.legacyAccess().getLogicalId((CfnElement) role.getNode().getDefaultChild());
            Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(json, id);
            assertThat(policies).as(job.name()).hasSize(1);
            assertThat(PolicyGrants.union(policies)).as(job.name())
                    .containsExactlyInAnyOrderElementsOf(PolicyGrants.of(permissions.forLegacyRole(job)));
        }
    }

    @Test
    void rolePolicies_routerRoleHoldsNoneOfTheMigrationReads() {
        Permissions permissions = new Permissions(config);
        Set<Grant> router = PolicyGrants.union(PolicyGrants.inlinePolicies(json, roleId));

        assertThat(PolicyGrants.inlinePolicies(json, roleId)).containsOnlyKeys(LegacyAccessStack.ROUTER_POLICY);
        assertThat(router).containsExactlyInAnyOrderElementsOf(PolicyGrants.of(permissions.forRouter(Side.LEGACY)));
        assertThat(router).extracting(Grant::action).doesNotContain("dynamodb:Scan", "ssm:GetParametersByPath", "ssm:DescribeParameters",
                "ssm:ListTagsForResource");
    }

    @Test
    void roles_whenTheConfigNamesOneRoleForAllJobs_areOneRoleWithOnePolicyPerJob() {
        String arn = config.accounts().legacy().roleArn();
        CutoverConfig single = config.toBuilder().legacyAccount(l -> l.migrationRoleArn(arn).replicationRoleArn(arn)).build();
        App app = new App();
        LegacyAccessStack stack = new LegacyAccessStack(app, "Single", StackProps.builder().build(),
                new LegacyAccessProps(single, config.arns(Side.NEW).role("cutover-router"),
                        config.arns(Side.NEW).role("cutover-migration")));
        Template one = Template.fromStack(stack);
        String id = stack.getLogicalId((CfnElement) stack.role().getNode().getDefaultChild());

        one.resourceCountIs("AWS::IAM::Role", 1);
        assertThat(stack.role(Job.MIGRATION)).contains(stack.role());
        assertThat(PolicyGrants.inlinePolicies(one.toJSON(), id)).containsOnlyKeys(LegacyAccessStack.ROUTER_POLICY,
                LegacyAccessStack.MIGRATION_POLICY);
    }

    @Test
    void stack_isDeployedToTheLegacyAccount() {
        assertThat(stacks.legacyAccess().getAccount()).isEqualTo(config.accounts().legacy().accountId());
        assertThat(stacks.legacyAccess().getRegion()).isEqualTo(config.region());
        assertThat(stacks.legacyAccess().getDependencies()).isEmpty();
    }

    @Test
    void roleName_withPath_keepsPathAndName() {
        LegacyAccessStack.RoleName name = LegacyAccessStack.RoleName.of("arn:aws:iam::111111111111:role/team/apps/cutover", "111111111111",
                "roleArn");
        assertThat(name).isEqualTo(new LegacyAccessStack.RoleName("/team/apps/", "cutover"));
    }

    @Test
    void roleName_ofAnotherAccount_isRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> LegacyAccessStack.RoleName.of("arn:aws:iam::999999999999:role/x", "111111111111", "roleArn"))
                .isInstanceOf(CdkException.class)
                .hasMessageContaining("accounts.legacy.roleArn").hasMessageContaining("arn:aws:iam::111111111111:role/");
    }
}
