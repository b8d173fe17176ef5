package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.Arns;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount.Job;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.cli.ReplicateDynamoDbCommand;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The replication roles of the synthesized templates ({@code cutover:replication=true},
 * {@code cutover:reverseReplication=true}) enforced by the sandbox, exercised by the real {@link DynamoDbStreamReplicator}
 * as {@code replicate dynamodb} runs it: forward (legacy stream to the new table, through the legacy replication role) and
 * {@code --reverse} (the new table's stream to legacy, through the legacy reverse replication role), each under the
 * synthesized {@code cutover-migration} role of the new account, until caught up. Then each single grant of the two legacy
 * roles, and each stream read the migration role holds for the reverse job alone, is taken away, and exactly the job (per
 * table) that needs it fails with AWS's AccessDenied naming the missing action; the other job still replicates.
 */
class ReplicationRolesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The new account's role that runs replicate dynamodb (both ways), as the template names it. */
    private static final String MIGRATION_ROLE = "cutover-migration";
    /** What a parameter names the migration role by (its grants for the reverse job's stream reads). */
    private static final String NEW_MIGRATION = "NEW_MIGRATION";
    private static final String OK = "ok";
    private static final String DENIED = "denied";

    private static Sandbox sandbox;
    private static CutoverConfig config;
    /** The roles whose grants are taken away one at a time: the two legacy replication roles and the new migration role. */
    private static final Map<String, IamRole> ROLES = new LinkedHashMap<>();
    private static final Map<String, Set<Grant>> SYNTHESIZED_GRANTS = new LinkedHashMap<>();
    private static final Map<Job, Replicator> REPLICATORS = new EnumMap<>(Job.class);
    private static final List<AutoCloseable> CLOSEABLES = new ArrayList<>();
    private static DynamoDbClient legacyRoot;
    private static DynamoDbClient newRoot;

    /** One direction of {@code replicate dynamodb}, with its clients built once as the command builds them. */
    private record Replicator(Side from, Side to, DynamoDbStreamReplicator replicator) {
    }

    static CutoverApp.Stacks replicationApp() {
        CutoverConfig example = CutoverConfig.example();
        // Only the replicator Lambda's event source mapping uses it; the roles grant table/NAME/stream/*.
        String streamArn = example.arns(Side.LEGACY).table(example.resources(Side.LEGACY).table("items").name())
                + "/stream/2026-01-01T00:00:00.000";
        return TestApps.build(Map.of(CutoverSettings.REPLICATION, "true", CutoverSettings.REVERSE_REPLICATION, "true",
                CutoverSettings.LEGACY_STREAM_ARNS, Map.of("items", streamArn), CutoverSettings.REPLICATOR_JAR,
                TestApps.routerCode().toString()));
    }

    @BeforeAll
    static void startSandboxWithSynthesizedReplicationRoles() throws IOException {
        CutoverApp.Stacks stacks = replicationApp();
        config = stacks.newAccount().legacyAccessProps().config();
        Path work = TestApps.tempDir("cdk-replication-e2e");
        Path legacyTemplate = work.resolve("CutoverLegacyAccess.template.json");
        JSON.writeValue(legacyTemplate.toFile(), Template.fromStack(stacks.legacyAccess()).toJSON());
        String legacyAccount = config.accounts().legacy().accountId();
        String newAccount = config.accounts().newAccountId();
        sandbox = Sandbox.start(SandboxConfig.builder().region(config.region())
                .legacyAccountId(legacyAccount).newAccountId(newAccount)
                .cloudFormationTemplate(legacyAccount, legacyTemplate)
                .build());
        for (Job job : List.of(Job.REPLICATION, Job.REVERSE_REPLICATION)) {
            String arn = config.accounts().legacy().roleArn(job);
            IamRole role = sandbox.iam().role(legacyAccount, arn.substring(arn.lastIndexOf('/') + 1)).orElseThrow();
            ROLES.put(job.name(), role);
            SYNTHESIZED_GRANTS.put(job.name(), grantsOf(role));
        }
        // The new account's migration role as synthesized; Lambda and ECS are not in the sandbox, so the account's root
        // stands in as the principal that gets its sessions (its policies stay as synthesized).
        IamRole migration = migrationRole(JSON.valueToTree(Template.fromStack(stacks.newAccount()).toJSON()), newAccount);
        sandbox.iam().putRole(migration);
        ROLES.put(NEW_MIGRATION, migration);
        SYNTHESIZED_GRANTS.put(NEW_MIGRATION, grantsOf(migration));

        legacyRoot = rootClient(legacyAccount);
        newRoot = rootClient(newAccount);
        CLOSEABLES.addAll(List.of(legacyRoot, newRoot));
        provisionTables();

        AwsCredentialsProvider migrationSession = roleSession(config.arns(Side.NEW).role(MIGRATION_ROLE));
        for (boolean reverse : List.of(false, true)) {
            // The role the command assumes for that direction, with the clients it builds from it.
            Job job = ReplicateDynamoDbCommand.job(reverse);
            AwsClientFactory factory = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(migrationSession)
                    .legacyRole(job).build(config);
            Side from = reverse ? Side.NEW : Side.LEGACY;
            Side to = reverse ? Side.LEGACY : Side.NEW;
            DynamoDbClient source = factory.build(DynamoDbClient.builder(), from);
            DynamoDbStreamsClient streams = factory.build(DynamoDbStreamsClient.builder(), from);
            DynamoDbClient target = factory.build(DynamoDbClient.builder(), to);
            DynamoDbClient checkpoints = factory.build(DynamoDbClient.builder(), Side.NEW);
            CLOSEABLES.addAll(List.of(factory, source, streams, target, checkpoints));
            REPLICATORS.put(job, new Replicator(from, to, new DynamoDbStreamReplicator(source, streams, target, checkpoints)));
        }
        assertThat(REPLICATORS).containsOnlyKeys(Job.REPLICATION, Job.REVERSE_REPLICATION);
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = CLOSEABLES.size() - 1; i >= 0; i--) {
            CLOSEABLES.get(i).close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void restoreRoles() {
        ROLES.values().forEach(sandbox.iam()::putRole);
    }

    @Test
    void synthesizedRoles_letBothReplicationDirectionsCatchUp() {
        Map<String, String> outcomes = outcomes();

        assertThat(outcomes).hasSize(2 * config.resources(Side.LEGACY).tables().size())
                .allSatisfy((caller, outcome) -> assertThat(outcome).as(caller).isEqualTo(OK));
        assertThat(SYNTHESIZED_GRANTS.get(Job.REVERSE_REPLICATION.name())).extracting(Grant::action)
                .containsOnly("dynamodb:DescribeTable", "dynamodb:BatchWriteItem");
        assertThat(SYNTHESIZED_GRANTS.get(Job.REPLICATION.name())).extracting(Grant::action)
                .doesNotContain("dynamodb:BatchWriteItem", "dynamodb:ListStreams");
    }

    static Stream<Arguments> grants() {
        // Built before @BeforeAll, from Permissions; the test body checks each is in the synthesized role.
        Permissions permissions = new Permissions(replicationApp().newAccount().legacyAccessProps().config());
        Stream<Arguments> legacy = Stream.of(Job.REPLICATION, Job.REVERSE_REPLICATION).flatMap(job -> permissions.forLegacyRole(job)
                .stream().map(p -> Arguments.of(job.name(), Grant.of(p))));
        return Stream.concat(legacy, reverseOnlyMigrationGrants(permissions).stream().map(g -> Arguments.of(NEW_MIGRATION, g)));
    }

    @ParameterizedTest(name = "{0} role without {1}")
    @MethodSource("grants")
    void removingOneGrant_failsExactlyTheReplicationJobThatNeedsIt(String role, Grant removed) {
        assertThat(SYNTHESIZED_GRANTS.get(role)).contains(removed);
        Set<String> needing = needing(role, removed);
        assertThat(needing).as("every grant of the " + role + " role is needed by some replication job").isNotEmpty();
        sandbox.iam().putRole(PolicyGrants.without(ROLES.get(role), SYNTHESIZED_GRANTS.get(role), removed));

        Map<String, String> outcomes = outcomes(removed);

        Map<String, String> expected = new LinkedHashMap<>();
        outcomes.keySet().forEach(caller -> expected.put(caller, needing.contains(caller) ? DENIED : OK));
        assertThat(outcomes).isEqualTo(expected);
    }

    // ---- the real replicator, one outcome per direction and table ----

    private static Map<String, String> outcomes() {
        return outcomes(null);
    }

    /**
     * Per table, forward then reverse: a fresh item written on the source side (as the application would), the replicator
     * run until caught up, the item read back on the target side. {@link #OK}: it arrived; {@link #DENIED}: the run failed
     * with AccessDenied naming {@code removed}'s action. Anything else is returned as it is, to show in the failure.
     */
    private static Map<String, String> outcomes(Grant removed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String logical : config.resources(Side.LEGACY).tables().keySet()) {
            for (Job job : List.of(Job.REPLICATION, Job.REVERSE_REPLICATION)) {
                out.put(caller(job, logical), replicate(REPLICATORS.get(job), logical, removed));
            }
        }
        System.out.println("cdk-replication-e2e " + (removed == null ? "all grants" : "without " + removed) + ": " + out);
        return out;
    }

    private static String replicate(Replicator r, String logical, Grant removed) {
        Table source = config.resources(r.from()).table(logical);
        Table target = config.resources(r.to()).table(logical);
        String id = "e2e-" + UUID.randomUUID();
        Map<String, AttributeValue> item = Map.of(source.partitionKey().name(), AttributeValue.fromS(id),
                "owner", AttributeValue.fromS("from-" + r.from()));
        root(r.from()).putItem(b -> b.tableName(source.name()).item(item));
        StringWriter log = new StringWriter();
        try {
            r.replicator().replicate(ReplicationOptions.builder().sourceTable(source.name()).targetTable(target.name())
                    .checkpointTable(ReplicationOptions.DEFAULT_CHECKPOINT_TABLE).transform(ItemTransform.identity())
                    .mode(ReplicationMode.UNTIL_CAUGHT_UP).fromTrimHorizon(true).pollInterval(Duration.ofMillis(100))
                    .statusInterval(Duration.ofMinutes(10)).maxUnprocessedRetries(10).metrics(false).log(new PrintWriter(log, true))
                    .build());
        } catch (RuntimeException e) {
            if (removed != null && deniedFor(e, removed.action())) {
                return DENIED;
            }
            return "failed: " + messages(e) + " log: " + log;
        }
        Map<String, AttributeValue> arrived = root(r.to()).getItem(b -> b.tableName(target.name()).consistentRead(true)
                .key(Map.of(target.partitionKey().name(), AttributeValue.fromS(id)))).item();
        return item.equals(arrived) ? OK : "caught up, but " + target.name() + " holds " + arrived + " for " + id;
    }

    /** Whether AWS refused the run with AccessDenied for {@code action} (the replicator wraps SDK errors with their message). */
    private static boolean deniedFor(Throwable e, String action) {
        return messages(e).contains("is not authorized to perform: " + action + " on resource");
    }

    private static String messages(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return out.toString();
    }

    private static String caller(Job job, String logical) {
        return (job == Job.REPLICATION ? Permissions.REPLICATE_DYNAMODB : Permissions.REVERSE_REPLICATE_DYNAMODB) + " " + logical;
    }

    /**
     * Which jobs the derivation says need {@code grant} of {@code role}: the permissions of that role equal to it, by their
     * tag (forward or reverse) and the table their resource is (or is under). The migration role's stream reads are needed
     * by the reverse job of their table.
     */
    private static Set<String> needing(String role, Grant grant) {
        Permissions permissions = new Permissions(config);
        List<Permission> derived = role.equals(NEW_MIGRATION) ? permissions.forReverseReplicationSource()
                : permissions.forLegacyRole(Job.valueOf(role));
        Side side = role.equals(NEW_MIGRATION) ? Side.NEW : Side.LEGACY;
        Arns arns = config.arns(side);
        Set<String> out = new TreeSet<>();
        for (Permission p : derived) {
            if (!Grant.of(p).equals(grant)) {
                continue;
            }
            Job job = p.neededBy().equals(Permissions.REVERSE_REPLICATE_DYNAMODB) ? Job.REVERSE_REPLICATION : Job.REPLICATION;
            config.resources(side).tables().forEach((logical, table) -> {
                String arn = arns.table(table.name());
                if (p.resource().equals(arn) || p.resource().startsWith(arn + "/")) {
                    out.add(caller(job, logical));
                }
            });
        }
        return out;
    }

    /** The migration role's grants that only the reverse job needs: the new tables' stream reads. */
    private static Set<Grant> reverseOnlyMigrationGrants(Permissions permissions) {
        Set<Grant> out = new LinkedHashSet<>();
        permissions.forMigrationRole(ReplicationOptions.DEFAULT_CHECKPOINT_TABLE, true).forEach(p -> out.add(Grant.of(p)));
        permissions.forMigrationRole(ReplicationOptions.DEFAULT_CHECKPOINT_TABLE, false).forEach(p -> out.remove(Grant.of(p)));
        return out;
    }

    // ---- provisioning with each account's root: what CloudFormation or the legacy owners would have created ----

    /** Both sides' tables with streams (new and old images), and the checkpoint table the new account's stack creates. */
    private static void provisionTables() {
        for (Side side : Side.values()) {
            for (Table table : config.resources(side).tables().values()) {
                root(side).createTable(b -> b.tableName(table.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName(table.partitionKey().name()).keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName(table.partitionKey().name())
                                .attributeType(ScalarAttributeType.fromValue(table.partitionKey().type())))
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            }
        }
        newRoot.createTable(b -> b.tableName(ReplicationOptions.DEFAULT_CHECKPOINT_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("job").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("job").attributeType(ScalarAttributeType.S)));
    }

    private static DynamoDbClient root(Side side) {
        return side == Side.LEGACY ? legacyRoot : newRoot;
    }

    // ---- the synthesized templates, IAM documents and credentials ----

    /** The template's migration role, its inline policies as synthesized, trusted by the account (standing in for Lambda). */
    private static IamRole migrationRole(JsonNode template, String newAccount) throws IOException {
        List<IamRole> found = new ArrayList<>();
        for (JsonNode resource : template.path("Resources")) {
            JsonNode properties = resource.path("Properties");
            if (resource.path("Type").asText().equals("AWS::IAM::Role") && properties.path("RoleName").asText().equals(MIGRATION_ROLE)) {
                IamRole.Builder role = IamRole.builder().accountId(newAccount).name(MIGRATION_ROLE).trustAccount(newAccount)
                        .maxSessionDuration(Duration.ofHours(1));
                for (JsonNode policy : properties.path("Policies")) {
                    role.inlinePolicy(policy.path("PolicyName").asText(), JSON.writeValueAsString(policy.path("PolicyDocument")));
                }
                found.add(role.build());
            }
        }
        assertThat(found).as("one role named " + MIGRATION_ROLE).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Set<Grant> grantsOf(IamRole role) {
        Set<Grant> grants = new LinkedHashSet<>();
        for (String document : role.inlinePolicies().values()) {
            try {
                grants.addAll(PolicyGrants.grants(JSON.readValue(document, Map.class)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return grants;
    }

    /** Sessions of a new-account role, refreshed as the SDK does, as Lambda or ECS would hand them to the code. */
    private static AwsCredentialsProvider roleSession(String roleArn) {
        StsClient sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(config.region()))
                .credentialsProvider(rootCredentials(config.accounts().newAccountId())).httpClient(UrlConnectionHttpClient.create())
                .build();
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("cdk-replication-e2e")).build();
        CLOSEABLES.add(sts);
        CLOSEABLES.add(provider);
        return provider;
    }

    private static AwsCredentialsProvider rootCredentials(String accountId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, sandbox.rootSecretKey(accountId)));
    }

    private static DynamoDbClient rootClient(String accountId) {
        return DynamoDbClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(config.region()))
                .credentialsProvider(rootCredentials(accountId)).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
