package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stacks with {@code cutover:replication=true}: the replicator Lambda, its mapping, its role, the legacy grants. */
class ReplicationStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CutoverApp.Stacks stacks;
    private static NewAccountStack stack;
    private static CutoverConfig config;
    private static Template template;
    private static String streamArn;

    @BeforeAll
    static void synth() {
        CutoverConfig example = CutoverConfig.example();
        streamArn = example.arns(Side.LEGACY).table(example.resources(Side.LEGACY).table("items").name())
                + "/stream/2026-01-01T00:00:00.000";
        stacks = TestApps.build(Map.of(CutoverSettings.REPLICATION, "true",
                CutoverSettings.LEGACY_STREAM_ARNS, Map.of("items", streamArn),
                CutoverSettings.REPLICATOR_JAR, TestApps.routerCode().toString()));
        stack = stacks.newAccount();
        config = stack.legacyAccessProps().config();
        template = Template.fromStack(stack);
    }

    @Test
    void replicatorRole_grantsExactlyReplicationSourceAndTargetPlusFailureQueueAndOwnLogs() {
        Permissions permissions = new Permissions(config);
        Set<Grant> expected = new HashSet<>(PolicyGrants.of(permissions.forReplicationSource()));
        expected.addAll(PolicyGrants.of(permissions.forReplicationTarget()));
        expected.addAll(PolicyGrants.of(permissions.forReplicationStatus("cutover-checkpoints")));
        expected.add(new Grant("sqs:SendMessage", config.arns(Side.NEW).queue("cutover-replicator-items-failures"), Map.of()));
        String logs = NewAccountStack.routerLogStreams(config.arns(Side.NEW), "/aws/lambda/cutover-replicator-items");
        expected.add(new Grant("logs:CreateLogStream", logs, Map.of()));
        expected.add(new Grant("logs:PutLogEvents", logs, Map.of()));

        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(template.toJSON(), logicalId(stack.replicatorRole().orElseThrow()));

        assertThat(policies).containsOnlyKeys(NewAccountStack.REPLICATOR_POLICY);
        assertThat(policies.get(NewAccountStack.REPLICATOR_POLICY)).containsExactlyInAnyOrderElementsOf(expected);
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", ReplicationSettings.ROLE_NAME)));
    }

    @Test
    void replicator_isTheMigrationsHandlerWritingTheNewTable_onACrossAccountMappingOfTheLegacyStream() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "cutover-replicator-items",
                "Handler", ReplicationSettings.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CUTOVER_TARGET_TABLE",
                        config.resources(Side.NEW).table("items").name(),
                        "CUTOVER_CHECKPOINT_TABLE", "cutover-checkpoints"))))));
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "EventSourceArn", streamArn,
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", ReplicationSettings.BATCH_SIZE,
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", ReplicationSettings.RETRY_ATTEMPTS,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(logicalIdOfQueue(), "Arn")))))));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("QueueName", "cutover-replicator-items-failures")));
    }

    @Test
    void legacyStreamPolicy_namesExactlyTheReplicatorRoleAndTheDerivedStreamReads() throws Exception {
        JsonNode policy = JSON.readTree(stack.legacyStreamPolicy("items"));
        String streams = config.arns(Side.LEGACY).tableStreams(config.resources(Side.LEGACY).table("items").name());
        List<String> actions = new Permissions(config).forReplicationSource().stream().filter(p -> p.resource().equals(streams))
                .map(Permission::action).filter(a -> !a.equals(NewAccountStack.NOT_IN_STREAM_POLICIES)).toList();

        JsonNode statement = policy.path("Statement").get(0);
        assertThat(policy.path("Statement")).hasSize(1);
        assertThat(statement.path("Principal").path("AWS").asText()).isEqualTo(config.arns(Side.NEW).role("cutover-replicator"));
        assertThat(statement.path("Action")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(actions).isNotEmpty();
        assertThat(statement.path("Resource").asText()).isEqualTo(streamArn);
        assertThat(actions).contains("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream");
    }

    @Test
    void legacyReplicationRole_withReplication_grantsExactlyTheReplicationReadsAndNoOtherRoleDoes() {
        LegacyAccessStack legacy = stacks.legacyAccess();
        Map<String, Object> json = Template.fromStack(legacy).toJSON();
        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(json,
                logicalIdIn(legacy, legacy.role(LegacyAccount.Job.REPLICATION).orElseThrow()));

        assertThat(policies).containsOnlyKeys(LegacyAccessStack.REPLICATION_POLICY);
        assertThat(policies.get(LegacyAccessStack.REPLICATION_POLICY)).containsExactlyInAnyOrderElementsOf(
                PolicyGrants.of(new Permissions(config).forLegacyRole(LegacyAccount.Job.REPLICATION)));
        for (LegacyAccount.Job job : List.of(LegacyAccount.Job.ROUTER, LegacyAccount.Job.MIGRATION)) {
            assertThat(PolicyGrants.inlinePolicies(json, logicalIdIn(legacy, legacy.role(job).orElseThrow())))
                    .as(job.name()).doesNotContainKey(LegacyAccessStack.REPLICATION_POLICY);
        }
        assertThat(TestApps.example().legacyAccess().role(LegacyAccount.Job.REPLICATION)).as("opt-in").isEmpty();
    }

    @Test
    void build_replicationWithoutTheLegacyStreamArn_failsNamingTheDescribeTableCommand() {
        assertThatThrownBy(() -> TestApps.build(Map.of(CutoverSettings.REPLICATION, "true",
                CutoverSettings.REPLICATOR_JAR, TestApps.routerCode().toString())))
                .isInstanceOf(CdkException.class)
                .hasMessageContaining(CutoverSettings.LEGACY_STREAM_ARNS)
                .hasMessageContaining("aws dynamodb describe-table --table-name legacy-shop-items --query Table.LatestStreamArn");
    }

    private static String logicalIdOfQueue() {
        return template.findResources("AWS::SQS::Queue", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("QueueName", "cutover-replicator-items-failures"))))).keySet().iterator().next();
    }

    private static String logicalId(software.constructs.IConstruct construct) {
        return logicalIdIn(stack, construct);
    }

    private static String logicalIdIn(software.amazon.awscdk.Stack in, software.constructs.IConstruct construct) {
        return in.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }
}
