package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.Action;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.Operation;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.SideResources;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
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
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The synthesized legacy stack's role, enforced by the sandbox: the new account's router and
 * migration roles assume it with the ExternalId and make every call the operation map needs; then
 * each single grant is taken away and exactly the callers that need it are denied.
 */
class LegacyAccessEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARAMETER_LEAF = "greeting";
    private static final String SECRET_VALUE = "s3cr3t-value";

    private static Sandbox sandbox;
    private static CutoverConfig config;
    private static IamRole legacyRole;
    private static Set<Grant> synthesizedGrants;
    private static List<Caller> callers;

    /** One operation of the router, or one migration job, as the SDK calls it makes. */
    record Caller(String name, String roleArn, Consumer<Clients> calls) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Clients(DynamoDbClient dynamoDb, SqsClient sqs, SsmClient ssm) {
        void close() {
            dynamoDb.close();
            sqs.close();
            ssm.close();
        }
    }

    @BeforeAll
    static void startSandboxWithSynthesizedRoles() throws IOException {
        CutoverApp.Stacks stacks = TestApps.example();
        config = stacks.newAccount().legacyAccessProps().config();
        Path dir = TestApps.tempDir("cdk-e2e");
        Path legacyTemplate = dir.resolve("CutoverLegacyAccess.template.json");
        Path newTemplate = dir.resolve("CutoverNewAccount.template.json");
        Map<String, Object> legacyJson = Template.fromStack(stacks.legacyAccess()).toJSON();
        JSON.writeValue(legacyTemplate.toFile(), legacyJson);
        JSON.writeValue(newTemplate.toFile(), withDeployTimeIds(JSON.valueToTree(Template.fromStack(stacks.newAccount()).toJSON())));
        String legacyAccount = config.accounts().legacy().accountId();
        String newAccount = config.accounts().newAccountId();

        sandbox = Sandbox.start(SandboxConfig.builder().region(config.region())
                .legacyAccountId(legacyAccount).newAccountId(newAccount)
                .cloudFormationTemplate(legacyAccount, legacyTemplate)
                .cloudFormationTemplate(newAccount, newTemplate)
                .build());
        // Lambda and ECS are not in the sandbox: let the new account's root stand in for them as the
        // principal that gets a session of the router and migration roles (their policies stay as synthesized).
        for (String name : List.of("cutover-router", "cutover-migration")) {
            IamRole role = sandbox.iam().role(newAccount, name).orElseThrow();
            sandbox.iam().putRole(role.toBuilder().trustPolicy(accountTrust(newAccount)).build());
        }
        legacyRole = sandbox.iam().role(legacyAccount, "cutover-legacy-access").orElseThrow();
        synthesizedGrants = new LinkedHashSet<>();
        legacyRole.inlinePolicies().values().forEach(p -> synthesizedGrants.addAll(PolicyGrants.grants(read(p))));

        seedLegacyAccount();
        callers = callers(stacks.newAccount().legacyAccessProps());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void restoreLegacyRole() {
        sandbox.iam().putRole(legacyRole);
    }

    @Test
    void synthesizedRole_letsEveryOperationAndMigrationJobMakeItsCalls() {
        assertThat(callers).extracting(Caller::name).contains(Permissions.MIGRATE_DYNAMODB, Permissions.MIGRATE_SSM);
        assertThat(callers).hasSize(config.operations().size() + 2);
        for (Caller caller : callers) {
            assertThat(outcome(caller)).as(caller.name()).isEqualTo("ok");
        }
    }

    static Stream<Arguments> grants() {
        // The parameter list is built before @BeforeAll; the grants come from Permissions, which the
        // template tests prove equal to the synthesized policies (checked again in the test body).
        CutoverConfig example = TestApps.example().newAccount().legacyAccessProps().config();
        return new Permissions(example).forLegacyRole().stream().map(p -> Arguments.of(Grant.of(p)));
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("grants")
    void removingOneGrant_deniesExactlyTheCallersThatNeedIt(Grant removed) {
        assertThat(synthesizedGrants).contains(removed);
        Set<String> needing = needing(removed);
        assertThat(needing).as("every grant of the legacy role is needed by some operation or job").isNotEmpty();
        Set<Grant> rest = new LinkedHashSet<>(synthesizedGrants);
        rest.remove(removed);
        sandbox.iam().putRole(IamRole.builder().accountId(legacyRole.accountId()).name(legacyRole.name())
                .trustPolicy(legacyRole.trustPolicy()).maxSessionDuration(legacyRole.maxSessionDuration())
                .inlinePolicy("without-one-grant", policy(rest)).build());

        Map<String, String> outcomes = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Caller caller : callers) {
            outcomes.put(caller.name(), outcome(caller));
            expected.put(caller.name(), needing.contains(caller.name()) ? "AccessDenied" : "ok");
        }
        assertThat(outcomes).isEqualTo(expected);
    }

    @Test
    void assumeLegacyRole_withoutTheExternalId_isDenied() {
        Caller router = callers.get(0);
        Credentials session = assume(rootProvider(config.accounts().newAccountId()), router.roleArn(), null);
        assertThatThrownBy(() -> assume(StaticCredentialsProvider.create(credentials(session)), config.accounts().legacy().roleArn(), null))
                .isInstanceOfSatisfying(AwsServiceException.class, LegacyAccessEndToEndTest::isAccessDenied);
        assertThatThrownBy(() -> assume(StaticCredentialsProvider.create(credentials(session)), config.accounts().legacy().roleArn(),
                "wrong-external-id")).isInstanceOfSatisfying(AwsServiceException.class, LegacyAccessEndToEndTest::isAccessDenied);
        // The same session with the right ExternalId gets in: the denials above are about the ExternalId alone.
        assertThat(assume(StaticCredentialsProvider.create(credentials(session)), config.accounts().legacy().roleArn(),
                config.accounts().legacy().externalId()).accessKeyId()).startsWith("ASIA");
    }

    @Test
    void assumeLegacyRole_byTheNewAccountRoot_isDenied() {
        // The trust names the two role ARNs, not the account: the account's root (and any other role) cannot get in.
        assertThatThrownBy(() -> assume(rootProvider(config.accounts().newAccountId()), config.accounts().legacy().roleArn(),
                config.accounts().legacy().externalId())).isInstanceOfSatisfying(AwsServiceException.class,
                LegacyAccessEndToEndTest::isAccessDenied);
    }

    private static void isAccessDenied(AwsServiceException e) {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    // ---- callers derived from the operation map ----

    private static List<Caller> callers(LegacyAccessProps props) {
        SideResources legacy = config.resources(Side.LEGACY);
        String endpoint = sandbox.endpoint().toString();
        List<Caller> out = new ArrayList<>();
        for (Operation operation : config.operations()) {
            Action action = operation.action();
            Consumer<Clients> calls;
            if (action instanceof Action.DynamoDbGetItem a) {
                Table table = legacy.table(a.table());
                calls = c -> assertThat(c.dynamoDb().getItem(r -> r.tableName(table.name()).key(seedKey(table))
                        .consistentRead(a.consistentRead())).item()).isNotEmpty();
            } else if (action instanceof Action.DynamoDbQuery a) {
                Table table = legacy.table(a.table());
                KeyAttribute key = a.index().map(i -> table.index(i).orElseThrow().partitionKey()).orElse(table.partitionKey());
                calls = c -> assertThat(c.dynamoDb().query(r -> {
                    a.index().ifPresent(r::indexName);
                    r.tableName(table.name()).keyConditionExpression("#k = :v").expressionAttributeNames(Map.of("#k", key.name()))
                            .expressionAttributeValues(Map.of(":v", seedValue(key))).limit(a.limit());
                }).count()).isPositive();
            } else if (action instanceof Action.SqsSendMessage a) {
                dev.cutover.config.Queue queue = legacy.queue(a.queue());
                String url = config.arns(Side.LEGACY).queueUrl(endpoint, queue.name());
                calls = c -> assertThat(c.sqs().sendMessage(r -> {
                    r.queueUrl(url).messageBody("{\"customerId\":\"c-1\"}");
                    if (queue.fifo()) {
                        r.messageGroupId("c-1").messageDeduplicationId(java.util.UUID.randomUUID().toString());
                    }
                }).messageId()).isNotBlank();
            } else if (action instanceof Action.SsmGetParameter a) {
                ParameterTree tree = legacy.parameterTree(a.parameters());
                calls = c -> assertThat(c.ssm().getParameter(r -> r.name(tree.path() + "/" + PARAMETER_LEAF)
                        .withDecryption(a.decrypt())).parameter().value()).isEqualTo(SECRET_VALUE);
            } else {
                throw new IllegalStateException("no SDK calls known for " + action.type());
            }
            out.add(new Caller(operation.name(), props.routerRoleArn(), calls));
        }
        out.add(new Caller(Permissions.MIGRATE_DYNAMODB, props.migrationRoleArn(), c -> {
            for (Table table : legacy.tables().values()) {
                assertThat(c.dynamoDb().describeTable(r -> r.tableName(table.name())).table().tableName()).isEqualTo(table.name());
                assertThat(c.dynamoDb().scan(r -> r.tableName(table.name())).count()).isPositive();
            }
        }));
        out.add(new Caller(Permissions.MIGRATE_SSM, props.migrationRoleArn(), c -> {
            for (ParameterTree tree : legacy.parameters().values()) {
                assertThat(c.ssm().getParametersByPath(r -> r.path(tree.path()).recursive(true).withDecryption(true)).parameters())
                        .extracting(p -> p.value()).contains(SECRET_VALUE);
                assertThat(c.ssm().describeParameters(r -> r.parameterFilters(ParameterStringFilter.builder().key("Path")
                        .option("Recursive").values(tree.path()).build())).parameters()).isNotEmpty();
                c.ssm().listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
                        .resourceId(tree.path() + "/" + PARAMETER_LEAF));
            }
        }));
        return out;
    }

    /** Which callers the map says need {@code grant}: operations by their own permissions, jobs by their tag. */
    private static Set<String> needing(Grant grant) {
        Permissions permissions = new Permissions(config);
        Set<String> out = new TreeSet<>();
        for (Operation operation : config.operations()) {
            if (PolicyGrants.of(permissions.forOperation(operation, Side.LEGACY)).contains(grant)) {
                out.add(operation.name());
            }
        }
        for (Permission p : permissions.forMigrationSource()) {
            if (Grant.of(p).equals(grant)) {
                out.add(p.neededBy());
            }
        }
        return out;
    }

    private static String outcome(Caller caller) {
        Credentials own = assume(rootProvider(config.accounts().newAccountId()), caller.roleArn(), null);
        Credentials legacy = assume(StaticCredentialsProvider.create(credentials(own)), config.accounts().legacy().roleArn(),
                config.accounts().legacy().externalId());
        Clients clients = clients(StaticCredentialsProvider.create(credentials(legacy)));
        try {
            caller.calls().accept(clients);
            return "ok";
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (code != null && code.startsWith("AccessDenied")) {
                return "AccessDenied";
            }
            throw e;
        } finally {
            clients.close();
        }
    }

    // ---- seeding with the legacy account's root ----

    private static void seedLegacyAccount() {
        SideResources legacy = config.resources(Side.LEGACY);
        Clients root = clients(rootProvider(config.accounts().legacy().accountId()));
        try {
            for (Table table : legacy.tables().values()) {
                Map<String, ScalarAttributeType> attributes = new LinkedHashMap<>();
                List<KeySchemaElement> keys = new ArrayList<>();
                keys.add(key(table.partitionKey(), KeyType.HASH, attributes));
                table.sortKey().ifPresent(k -> keys.add(key(k, KeyType.RANGE, attributes)));
                List<GlobalSecondaryIndex> indexes = new ArrayList<>();
                for (TableIndex index : table.indexes()) {
                    List<KeySchemaElement> indexKeys = new ArrayList<>();
                    indexKeys.add(key(index.partitionKey(), KeyType.HASH, attributes));
                    index.sortKey().ifPresent(k -> indexKeys.add(key(k, KeyType.RANGE, attributes)));
                    indexes.add(GlobalSecondaryIndex.builder().indexName(index.name()).keySchema(indexKeys)
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
                }
                root.dynamoDb().createTable(r -> {
                    r.tableName(table.name()).keySchema(keys).billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(attributes.entrySet().stream().map(e -> AttributeDefinition.builder()
                                    .attributeName(e.getKey()).attributeType(e.getValue()).build()).toList());
                    if (!indexes.isEmpty()) {
                        r.globalSecondaryIndexes(indexes);
                    }
                });
                Map<String, AttributeValue> item = new HashMap<>(seedKey(table));
                for (TableIndex index : table.indexes()) {
                    item.put(index.partitionKey().name(), seedValue(index.partitionKey()));
                    index.sortKey().ifPresent(k -> item.put(k.name(), seedValue(k)));
                }
                root.dynamoDb().putItem(r -> r.tableName(table.name()).item(item));
            }
            for (dev.cutover.config.Queue queue : legacy.queues().values()) {
                root.sqs().createQueue(r -> {
                    r.queueName(queue.name());
                    if (queue.fifo()) {
                        r.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
                    }
                });
            }
            for (ParameterTree tree : legacy.parameters().values()) {
                root.ssm().putParameter(r -> {
                    r.name(tree.path() + "/" + PARAMETER_LEAF).value(SECRET_VALUE).type(ParameterType.SECURE_STRING);
                    tree.kmsKeyArn().ifPresent(r::keyId);
                });
            }
        } finally {
            root.close();
        }
    }

    private static KeySchemaElement key(KeyAttribute key, KeyType type, Map<String, ScalarAttributeType> attributes) {
        attributes.put(key.name(), ScalarAttributeType.fromValue(key.type()));
        return KeySchemaElement.builder().attributeName(key.name()).keyType(type).build();
    }

    private static Map<String, AttributeValue> seedKey(Table table) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(table.partitionKey().name(), seedValue(table.partitionKey()));
        table.sortKey().ifPresent(k -> key.put(k.name(), seedValue(k)));
        return key;
    }

    private static AttributeValue seedValue(KeyAttribute key) {
        return switch (key.type()) {
            case "N" -> AttributeValue.fromN("1");
            case "B" -> AttributeValue.fromB(SdkBytes.fromUtf8String("seed"));
            default -> AttributeValue.fromS("seed-" + key.name());
        };
    }

    // ---- IAM documents and clients ----

    private static String policy(Set<Grant> grants) {
        ObjectNode document = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = document.putArray("Statement");
        for (Grant grant : grants) {
            ObjectNode statement = statements.addObject().put("Effect", "Allow").put("Action", grant.action())
                    .put("Resource", (String) grant.resource());
            if (!grant.stringEquals().isEmpty()) {
                statement.putObject("Condition").set("StringEquals", JSON.valueToTree(grant.stringEquals()));
            }
        }
        return document.toString();
    }

    /**
     * AppConfig ids exist only once CloudFormation has created the resources; the router's flags
     * statement refers to them with Ref. Stand in ids, as a deployment would, for the sandbox's loader.
     */
    private static JsonNode withDeployTimeIds(JsonNode template) {
        return DeployTimeIds.resolve(template, Map.of("AWS::AppConfig::Application", "appid", "AWS::AppConfig::Environment", "envid",
                "AWS::AppConfig::ConfigurationProfile", "profileid", "AWS::AppConfig::DeploymentStrategy", "strategyid",
                "AWS::AppConfig::HostedConfigurationVersion", "versionid", "AWS::AppConfig::Deployment", "deploymentid"));
    }

    private static String accountTrust(String accountId) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId + ":root\"}}]}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Credentials assume(AwsCredentialsProvider as, String roleArn, String externalId) {
        try (StsClient sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(config.region()))
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(as).build()) {
            return sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("cdk-e2e").externalId(externalId)).credentials();
        }
    }

    private static AwsCredentialsProvider rootProvider(String accountId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, sandbox.rootSecretKey(accountId)));
    }

    private static AwsSessionCredentials credentials(Credentials c) {
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    private static Clients clients(AwsCredentialsProvider credentials) {
        Region region = Region.of(config.region());
        return new Clients(
                DynamoDbClient.builder().endpointOverride(sandbox.endpoint()).region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                SqsClient.builder().endpointOverride(sandbox.endpoint()).region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                SsmClient.builder().endpointOverride(sandbox.endpoint()).region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build());
    }
}
