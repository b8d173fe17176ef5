package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount.Job;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The stacks with {@code cutover:reverseReplication=true}: the legacy role {@code replicate dynamodb --reverse} writes
 * through, trusted by the new account's migration role with the ExternalId, and that migration role's stream reads.
 */
class ReverseReplicationStackTest {
    private static CutoverApp.Stacks stacks;
    private static CutoverConfig config;

    @BeforeAll
    static void synth() {
        stacks = TestApps.build(Map.of(CutoverSettings.REVERSE_REPLICATION, "true"));
        config = stacks.newAccount().legacyAccessProps().config();
    }

    @Test
    void reverseRole_withTheFlag_grantsExactlyTheDerivedLegacyWrites_andTrustsOnlyTheMigrationRoleWithTheExternalId() {
        LegacyAccessStack legacy = stacks.legacyAccess();
        Template template = Template.fromStack(legacy);
        String roleId = logicalId(legacy, legacy.role(Job.REVERSE_REPLICATION).orElseThrow());

        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(template.toJSON(), roleId);

        assertThat(policies).containsOnlyKeys(LegacyAccessStack.REVERSE_REPLICATION_POLICY);
        assertThat(policies.get(LegacyAccessStack.REVERSE_REPLICATION_POLICY)).containsExactlyInAnyOrderElementsOf(
                PolicyGrants.of(new Permissions(config).forLegacyRole(Job.REVERSE_REPLICATION)));
        assertThat(policies.get(LegacyAccessStack.REVERSE_REPLICATION_POLICY)).extracting(Grant::action)
                .containsOnly("dynamodb:DescribeTable", "dynamodb:BatchWriteItem");
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "cutover-legacy-reverse-replication",
                "Path", "/",
                "MaxSessionDuration", 3600,
                "AssumeRolePolicyDocument", Match.objectEquals(Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(Map.of("Action", "sts:AssumeRole", "Effect", "Allow",
                                "Condition", Map.of("StringEquals", Map.of("sts:ExternalId", config.accounts().legacy().externalId())),
                                "Principal", Map.of("AWS", config.arns(Side.NEW).role("cutover-migration")))))))));
        // router, migration, reverse replication: the forward replication role stays opt-in on its own flag
        template.resourceCountIs("AWS::IAM::Role", 3);
        assertThat(legacy.role(Job.REPLICATION)).isEmpty();
        for (Job job : List.of(Job.ROUTER, Job.MIGRATION)) {
            assertThat(PolicyGrants.inlinePolicies(template.toJSON(), logicalId(legacy, legacy.role(job).orElseThrow())))
                    .as(job.name()).doesNotContainKey(LegacyAccessStack.REVERSE_REPLICATION_POLICY);
        }
    }

    @Test
    void reverseRole_withoutTheFlag_isNotCreated() {
        LegacyAccessStack legacy = TestApps.example().legacyAccess();

        assertThat(legacy.role(Job.REVERSE_REPLICATION)).isEmpty();
        Template.fromStack(legacy).resourcePropertiesCountIs("AWS::IAM::Role",
                Match.objectLike(Map.of("RoleName", "cutover-legacy-reverse-replication")), 0);
    }

    @Test
    void migrationRole_withTheFlag_addsExactlyTheNewStreamReadsAndMayAssumeTheReverseRole() {
        NewAccountStack stack = stacks.newAccount();
        Permissions permissions = new Permissions(config);
        Set<Grant> expected = new HashSet<>(PolicyGrants.of(permissions.forMigrationRole("cutover-checkpoints", true)));
        expected.add(new Grant("sts:AssumeRole", config.accounts().legacy().roleArn(Job.MIGRATION), Map.of()));
        expected.add(new Grant("sts:AssumeRole", config.accounts().legacy().roleArn(Job.REVERSE_REPLICATION), Map.of()));
        String logs = NewAccountStack.routerLogStreams(config.arns(Side.NEW), "/aws/lambda/" + MigrationWorkflow.WORKER_FUNCTION_NAME);
        expected.add(new Grant("logs:CreateLogStream", logs, Map.of()));
        expected.add(new Grant("logs:PutLogEvents", logs, Map.of()));

        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(Template.fromStack(stack).toJSON(),
                logicalId(stack, stack.migrationRole()));

        assertThat(policies.get(NewAccountStack.MIGRATION_POLICY)).containsExactlyInAnyOrderElementsOf(expected);
        Set<Grant> streamReads = PolicyGrants.of(permissions.forReverseReplicationSource());
        streamReads.removeAll(PolicyGrants.of(permissions.forMigrationTarget()));
        assertThat(streamReads).extracting(Grant::action)
                .containsExactlyInAnyOrder("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords");
        NewAccountStack plain = TestApps.example().newAccount();
        assertThat(PolicyGrants.inlinePolicies(Template.fromStack(plain).toJSON(), logicalId(plain, plain.migrationRole()))
                .get(NewAccountStack.MIGRATION_POLICY)).doesNotContainAnyElementsOf(streamReads)
                .doesNotContain(new Grant("sts:AssumeRole", config.accounts().legacy().roleArn(Job.REVERSE_REPLICATION), Map.of()));
    }

    private static String logicalId(Stack in, IConstruct construct) {
        return in.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }
}
