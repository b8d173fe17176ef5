package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.LegacyAccount.Job;
import dev.cutover.config.Operation;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.SideResources;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.DynamoDbTableVerifier;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.ssm.SsmApplyReport;
import dev.cutover.migrations.ssm.SsmCopyOptions;
import dev.cutover.migrations.ssm.SsmParameterCopier;
import dev.cutover.router.CutoverRouter;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.RouterHandler;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
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
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.appconfig.model.GrowthType;
import software.amazon.awssdk.services.appconfig.model.ReplicateTo;
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
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Both synthesized templates enforced by the sandbox, exercised by the real code: every route of the
 * operation map through {@link RouterHandler} (an API Gateway HTTP API event in, the Lambda's answer
 * out) under the synthesized {@code cutover-router} role, and the migration jobs ({@link DynamoDbTableCopier},
 * {@link DynamoDbTableVerifier}, {@link SsmParameterCopier}) under {@code cutover-migration}; both reach
 * legacy through the synthesized legacy role with the ExternalId. The router's configuration is the
 * map the template hands the Lambda ({@code CUTOVER_CONFIG}), its first flags version the template's
 * hosted document. Then each single grant of each legacy role (the router's, the migration jobs') is
 * taken away, and exactly the operations or jobs that need it fail: the router with its mapped status
 * and the missing permission in its log, the job in preflight; the other role's callers are unaffected.
 */
class LegacyAccessEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The legacy roles of the example app (the opt-in replication roles: ReplicationRolesEndToEndTest). */
    private static final List<Job> ROLE_JOBS = List.of(Job.ROUTER, Job.MIGRATION);
    private static final String PARAMETER_LEAF = "greeting";
    private static final String SECRET_VALUE = "s3cr3t-value";
    /** What BackendErrors maps a backend's AccessDenied to. */
    private static final int DENIED_STATUS = 502;
    private static final String OK = "ok";
    private static final String DENIED = "denied";

    private static Sandbox sandbox;
    private static CutoverConfig config;
    private static LegacyAccessProps props;
    /** The synthesized legacy roles by the job that assumes each, and what each grants. */
    private static final Map<Job, IamRole> LEGACY_ROLES = new EnumMap<>(Job.class);
    private static final Map<Job, Set<Grant>> SYNTHESIZED_GRANTS = new EnumMap<>(Job.class);
    private static Path work;
    private static final ConcurrentLinkedQueue<String> ROUTER_LOG = new ConcurrentLinkedQueue<>();
    private static final List<AutoCloseable> CLOSEABLES = new ArrayList<>();
    private static final Map<String, AutoCloseable> MIGRATION_CLIENTS = new HashMap<>();
    private static RouterHandler handler;
    private static AwsClientFactory migration;
    private static JsonNode eventFixture;

    @BeforeAll
    static void startSandboxWithSynthesizedRolesAndRouter() throws IOException {
        CutoverApp.Stacks stacks = TestApps.example();
        props = stacks.newAccount().legacyAccessProps();
        JsonNode newTemplate = JSON.valueToTree(Template.fromStack(stacks.newAccount()).toJSON());
        // The router runs on the map the template hands the Lambda, exactly.
        CutoverConfig synthesized = CutoverConfig.parse(lambdaEnvironment(newTemplate).path(NewAccountStack.CONFIG_ENV).asText(),
                NewAccountStack.CONFIG_ENV);
        // ... except the time a secondary (shadow read, second write) may take: this test is about grants, and on a loaded
        // two-core machine a healthy secondary can outlast the example's 500 ms, which read as "secondary timeout".
        config = synthesized.toBuilder().router(r -> r.secondaryTimeout(synthesized.router().backendTimeout())).build();
        work = TestApps.tempDir("cdk-e2e");
        Path legacyTemplate = work.resolve("CutoverLegacyAccess.template.json");
        JSON.writeValue(legacyTemplate.toFile(), Template.fromStack(stacks.legacyAccess()).toJSON());
        String legacyAccount = config.accounts().legacy().accountId();
        String newAccount = config.accounts().newAccountId();

        sandbox = Sandbox.start(SandboxConfig.builder().region(config.region())
                .legacyAccountId(legacyAccount).newAccountId(newAccount)
                .cloudFormationTemplate(legacyAccount, legacyTemplate)
                .build());
        for (Job job : ROLE_JOBS) {
            String arn = config.accounts().legacy().roleArn(job);
            IamRole role = sandbox.iam().role(legacyAccount, arn.substring(arn.lastIndexOf('/') + 1)).orElseThrow();
            Set<Grant> grants = new LinkedHashSet<>();
            role.inlinePolicies().values().forEach(p -> grants.addAll(PolicyGrants.grants(read(p))));
            LEGACY_ROLES.put(job, role);
            SYNTHESIZED_GRANTS.put(job, grants);
        }

        provisionTablesQueuesAndParameters();
        Map<String, String> appConfigIds = provisionAppConfig(hostedFlagsDocument(newTemplate));
        // The new account's roles, from its template with the AppConfig ids CloudFormation would have filled in.
        Path resolvedNewTemplate = work.resolve("CutoverNewAccount.template.json");
        JSON.writeValue(resolvedNewTemplate.toFile(), DeployTimeIds.resolve(newTemplate, appConfigIds));
        sandbox.iam().loadCloudFormationTemplate(newAccount, resolvedNewTemplate);
        // Lambda and ECS are not in the sandbox: let the new account's root stand in for them as the
        // principal that gets a session of the router and migration roles (their policies stay as synthesized).
        for (String name : List.of("cutover-router", "cutover-migration")) {
            IamRole role = sandbox.iam().role(newAccount, name).orElseThrow();
            sandbox.iam().putRole(role.toBuilder().trustPolicy(accountTrust(newAccount)).build());
        }

        // Reads shadow to the new side, writes go to both: each operation reaches legacy and the new account.
        RoutingFlags flags = RoutingFlags.allLegacy(config);
        for (Operation operation : config.operations()) {
            flags = flags.with(operation.name(), new OperationFlag(Side.LEGACY, 0, operation.isRead(), !operation.isRead()));
        }
        deployFlags(appConfigIds, flags.toHostedDocument(config));

        AwsClientFactory routerClients = AwsClientFactory.builder().endpoint(sandbox.endpoint())
                .newAccountCredentials(roleSession(props.routerRoleArn())).apiCallTimeout(config.router().backendTimeout()).build(config);
        // A generous flags fetch deadline: a first fetch that timed out on a loaded machine would serve the safe default
        // (no shadow reads, no second writes) until the next poll, and the first checks would see "secondary none".
        CutoverRouting routing = CutoverRouting.builder(config, routerClients).logSink(ROUTER_LOG::add)
                .flagsFetchTimeout(java.time.Duration.ofSeconds(30)).build();
        CutoverRouter router = CutoverRouter.on(routing);
        CLOSEABLES.addAll(List.of(routerClients, routing, router));
        handler = new RouterHandler(router);
        migration = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(roleSession(props.migrationRoleArn()))
                .legacyRole(Job.MIGRATION).build(config);
        CLOSEABLES.add(migration);
        try (InputStream in = LegacyAccessEndToEndTest.class.getResourceAsStream("/events/http-api-request.json")) {
            eventFixture = JSON.readTree(in);
        }

        // The migration fills the new side first, so that every shadow read compares equal afterwards.
        assertThat(copyTable().written()).isPositive();
        SsmApplyReport ssm = copyParameters();
        assertThat(ssm.created()).isEqualTo(1);
        assertThat(ssm.failed()).isZero();
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
    void restoreLegacyRoles() {
        LEGACY_ROLES.values().forEach(sandbox.iam()::putRole);
    }

    @Test
    void synthesizedRoles_letEveryRouteAndMigrationJobSucceed() {
        Map<String, String> outcomes = outcomes(null);

        assertThat(outcomes.keySet()).containsAll(config.operations().stream().map(Operation::name).toList())
                .contains(Permissions.MIGRATE_DYNAMODB, Permissions.MIGRATE_SSM).hasSize(config.operations().size() + 2);
        assertThat(outcomes).allSatisfy((caller, outcome) -> assertThat(outcome).as(caller).isEqualTo(OK));
    }

    static Stream<Arguments> grants() {
        // The parameter list is built before @BeforeAll; the grants come from Permissions, which the
        // template tests prove equal to the synthesized policies (checked again in the test body).
        CutoverConfig example = TestApps.example().newAccount().legacyAccessProps().config();
        return ROLE_JOBS.stream().flatMap(job -> new Permissions(example).forLegacyRole(job).stream()
                .map(p -> Arguments.of(job, Grant.of(p))));
    }

    @ParameterizedTest(name = "{0} role without {1}")
    @MethodSource("grants")
    void removingOneGrant_failsExactlyTheRoutesAndJobsThatNeedIt(Job role, Grant removed) {
        assertThat(SYNTHESIZED_GRANTS.get(role)).contains(removed);
        Set<String> needing = needing(role, removed);
        assertThat(needing).as("every grant of the " + role + " role is needed by some operation or job of that role").isNotEmpty();
        sandbox.iam().putRole(PolicyGrants.without(LEGACY_ROLES.get(role), SYNTHESIZED_GRANTS.get(role), removed));

        Map<String, String> outcomes = outcomes(removed);

        Map<String, String> expected = new LinkedHashMap<>();
        outcomes.keySet().forEach(caller -> expected.put(caller, needing.contains(caller) ? DENIED : OK));
        assertThat(outcomes).as("without " + removed).isEqualTo(expected);
    }

    @Test
    void assumeLegacyRole_withoutTheExternalId_isDenied() {
        Credentials session = assume(root(config.accounts().newAccountId()), props.routerRoleArn(), null);
        assertThatThrownBy(() -> assume(StaticCredentialsProvider.create(credentials(session)), config.accounts().legacy().roleArn(), null))
                .isInstanceOfSatisfying(AwsServiceException.class, LegacyAccessEndToEndTest::isAccessDenied);
        assertThatThrownBy(() -> assume(StaticCredentialsProvider.create(credentials(session)), config.accounts().legacy().roleArn(),
                "wrong-external-id")).isInstanceOfSatisfying(AwsServiceException.class, LegacyAccessEndToEndTest::isAccessDenied);
        // The same session with the right ExternalId gets in: the denials above are about the ExternalId alone.
        assertThat(assume(StaticCredentialsProvider.create(credentials(session)), config.accounts().legacy().roleArn(),
                config.accounts().legacy().externalId()).accessKeyId()).startsWith("ASIA");
    }

    @Test
    void assumeLegacyRole_ofTheOtherJob_isDenied() {
        // Each legacy role trusts only its own job's role: the router cannot read as the migration, nor the reverse.
        Credentials router = assume(root(config.accounts().newAccountId()), props.routerRoleArn(), null);
        Credentials migrationJob = assume(root(config.accounts().newAccountId()), props.migrationRoleArn(), null);
        String externalId = config.accounts().legacy().externalId();
        assertThatThrownBy(() -> assume(StaticCredentialsProvider.create(credentials(router)),
                config.accounts().legacy().roleArn(Job.MIGRATION), externalId))
                .isInstanceOfSatisfying(AwsServiceException.class, LegacyAccessEndToEndTest::isAccessDenied);
        assertThatThrownBy(() -> assume(StaticCredentialsProvider.create(credentials(migrationJob)),
                config.accounts().legacy().roleArn(Job.ROUTER), externalId))
                .isInstanceOfSatisfying(AwsServiceException.class, LegacyAccessEndToEndTest::isAccessDenied);
        assertThat(assume(StaticCredentialsProvider.create(credentials(migrationJob)), config.accounts().legacy().roleArn(Job.MIGRATION),
                externalId).accessKeyId()).startsWith("ASIA");
    }

    @Test
    void assumeLegacyRole_byTheNewAccountRoot_isDenied() {
        // The trust names the two role ARNs, not the account: the account's root (and any other role) cannot get in.
        assertThatThrownBy(() -> assume(root(config.accounts().newAccountId()), config.accounts().legacy().roleArn(),
                config.accounts().legacy().externalId())).isInstanceOfSatisfying(AwsServiceException.class,
                LegacyAccessEndToEndTest::isAccessDenied);
    }

    private static void isAccessDenied(AwsServiceException e) {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    // ---- the real router and jobs, one outcome per operation and job ----

    /** Every operation through the router, then both migration jobs; {@code removed} is the grant missing, or null. */
    private static Map<String, String> outcomes(Grant removed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Operation operation : config.operations()) {
            out.put(operation.name(), routeOutcome(operation, removed));
        }
        out.put(Permissions.MIGRATE_DYNAMODB, jobOutcome(() -> {
            CopyReport copy = copyTable();
            assertThat(copy.deadLettered()).isZero();
            Table source = config.resources(Side.LEGACY).table("items");
            Table target = config.resources(Side.NEW).table("items");
            assertThat(new DynamoDbTableVerifier(client(DynamoDbClient.builder(), Side.LEGACY), client(DynamoDbClient.builder(), Side.NEW))
                    .verify(source.name(), target.name(), ItemTransform.identity(), 16, Optional.of(1), 5, Optional.empty()).isEqual())
                    .as("source and target tables are equal after the copy").isTrue();
        }));
        out.put(Permissions.MIGRATE_SSM, jobOutcome(() -> assertThat(copyParameters().failed()).isZero()));
        System.out.println("cdk-e2e " + (removed == null ? "all grants" : "without " + removed) + ": " + out);
        return out;
    }

    /**
     * One request of {@code operation} as API Gateway would hand it to the Lambda. {@link #OK}: a 2xx answer
     * whose secondary (shadow read or second write on the new side) matched or was written; {@link #DENIED}:
     * the mapped status and a {@code missing_permission} log line naming {@code removed}. Anything else is
     * returned as it is, to show in the failure.
     */
    private static String routeOutcome(Operation operation, Grant removed) {
        String requestId = UUID.randomUUID().toString();
        String method = operation.route().method();
        String path = probePath(operation);
        String body = method.equals("GET") ? null : "{\"customerId\":\"c-e2e\"}";
        JsonNode response = invoke(event(method, path, body, requestId));
        int status = response.path("statusCode").asInt();
        String logLine = ROUTER_LOG.stream().filter(l -> l.contains("\"event\":\"request\"") && l.contains(requestId)).findFirst()
                .orElse("{}");
        String secondary = read(logLine).getOrDefault("secondary", "none").toString();
        if (status / 100 == 2 && secondary.equals(operation.isRead() ? "match" : "written")) {
            return OK;
        }
        if (status == DENIED_STATUS && removed != null && namesMissingPermission(requestId, removed)) {
            return DENIED;
        }
        return method + " " + path + " answered " + status + " " + response.path("body").asText() + ", secondary " + secondary;
    }

    /** The route's path with its variables set to the seeded item's key, owner and the seeded parameter's name. */
    private static String probePath(Operation operation) {
        Map<String, String> values = Map.of("id", "seed-id", "owner", "seed-owner", "name", PARAMETER_LEAF);
        String path = operation.route().pathTemplate();
        for (String variable : operation.route().variables()) {
            assertThat(values).as("a seeded value for {" + variable + "} of " + operation.name()).containsKey(variable);
            path = path.replace("{" + variable + "}", values.get(variable));
        }
        return path;
    }

    private static boolean namesMissingPermission(String requestId, Grant removed) {
        // AWS's message names the exact resource, which the missing grant's resource (maybe a wildcard) covers.
        String resource = Pattern.quote((String) removed.resource()).replace("*", "\\E[^\"]*\\Q");
        Pattern named = Pattern.compile("\"missingPermission\":\"" + Pattern.quote(removed.action()) + " on " + resource + "\"");
        return ROUTER_LOG.stream().anyMatch(l -> l.contains("\"event\":\"missing_permission\"") && l.contains(requestId)
                && named.matcher(l).find());
    }

    private static ObjectNode event(String method, String path, String body, String requestId) {
        ObjectNode event = eventFixture.deepCopy();
        event.put("rawPath", path);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("requestId", requestId);
        ((ObjectNode) context.get("http")).put("method", method).put("path", path);
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        return event;
    }

    private static JsonNode invoke(JsonNode event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #OK}, or {@link #DENIED} when the job stops in preflight; other failures propagate. */
    private static String jobOutcome(Runnable job) {
        try {
            job.run();
            return OK;
        } catch (PreflightException e) {
            System.out.println("cdk-e2e preflight: " + e.getMessage());
            return DENIED;
        }
    }

    private static CopyReport copyTable() {
        Path dir = TestApps.tempDir("cdk-e2e-copy");
        return new DynamoDbTableCopier(client(DynamoDbClient.builder(), Side.LEGACY), client(DynamoDbClient.builder(), Side.NEW))
                .copy(DynamoDbCopyOptions.builder().sourceTable(config.resources(Side.LEGACY).table("items").name())
                        .targetTable(config.resources(Side.NEW).table("items").name()).segments(1).scanThreads(1).writeConcurrency(1)
                        .checkpointFile(dir.resolve("checkpoint.json")).deadLetterFile(dir.resolve("dead.jsonl"))
                        .log(new PrintWriter(new StringWriter())).quiet(true).build());
    }

    private static SsmApplyReport copyParameters() {
        ParameterTree source = config.resources(Side.LEGACY).parameterTree("settings");
        ParameterTree target = config.resources(Side.NEW).parameterTree("settings");
        SsmCopyOptions options = SsmCopyOptions.builder().sourcePath(source.path()).targetPath(target.path())
                .defaultKmsKeyId(target.kmsKeyArn().orElseThrow()).log(new PrintWriter(new StringWriter(), true)).build();
        SsmParameterCopier copier = new SsmParameterCopier(client(SsmClient.builder(), Side.LEGACY), client(SsmClient.builder(), Side.NEW));
        return copier.apply(copier.plan(options), options);
    }

    /** The migration job's clients, built once (as the job builds them at start) and reused. */
    @SuppressWarnings("unchecked")
    private static <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C client(AwsClientBuilder<B, C> builder, Side side) {
        return (C) MIGRATION_CLIENTS.computeIfAbsent(builder.getClass().getName() + side, k -> {
            C client = migration.build(builder, side);
            CLOSEABLES.add(client);
            return client;
        });
    }

    /**
     * Which callers the map says need {@code grant} of {@code role}: the router role's operations by their own permissions,
     * the migration role's jobs by their tag. Callers of the other role never need it: they assume another role.
     */
    private static Set<String> needing(Job role, Grant grant) {
        Permissions permissions = new Permissions(config);
        Set<String> out = new TreeSet<>();
        if (role == Job.ROUTER) {
            for (Operation operation : config.operations()) {
                if (PolicyGrants.of(permissions.forOperation(operation, Side.LEGACY)).contains(grant)) {
                    out.add(operation.name());
                }
            }
        } else {
            for (Permission p : permissions.forLegacyRole(role)) {
                if (Grant.of(p).equals(grant)) {
                    out.add(p.neededBy());
                }
            }
        }
        return out;
    }

    // ---- provisioning with each account's root: what CloudFormation or the legacy owners would have created ----

    private static void provisionTablesQueuesAndParameters() {
        for (Side side : Side.values()) {
            SideResources resources = config.resources(side);
            String account = side == Side.LEGACY ? config.accounts().legacy().accountId() : config.accounts().newAccountId();
            AwsCredentialsProvider root = root(account);
            try (DynamoDbClient dynamoDb = rootClient(DynamoDbClient.builder(), root);
                    SqsClient sqs = rootClient(SqsClient.builder(), root);
                    SsmClient ssm = rootClient(SsmClient.builder(), root)) {
                for (Table table : resources.tables().values()) {
                    createTable(dynamoDb, table);
                    if (side == Side.LEGACY) {
                        Map<String, AttributeValue> item = new HashMap<>(seedKey(table));
                        for (TableIndex index : table.indexes()) {
                            item.put(index.partitionKey().name(), seedValue(index.partitionKey()));
                            index.sortKey().ifPresent(k -> item.put(k.name(), seedValue(k)));
                        }
                        dynamoDb.putItem(r -> r.tableName(table.name()).item(item));
                    }
                }
                for (dev.cutover.config.Queue queue : resources.queues().values()) {
                    sqs.createQueue(r -> r.queueName(queue.name())
                            .attributes(queue.fifo() ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of()));
                }
                if (side == Side.LEGACY) {
                    for (ParameterTree tree : resources.parameters().values()) {
                        ssm.putParameter(r -> {
                            r.name(tree.path() + "/" + PARAMETER_LEAF).value(SECRET_VALUE).type(ParameterType.SECURE_STRING);
                            tree.kmsKeyArn().ifPresent(r::keyId);
                        });
                    }
                }
            }
        }
    }

    private static void createTable(DynamoDbClient dynamoDb, Table table) {
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
        dynamoDb.createTable(r -> {
            r.tableName(table.name()).keySchema(keys).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes.entrySet().stream().map(e -> AttributeDefinition.builder()
                            .attributeName(e.getKey()).attributeType(e.getValue()).build()).toList());
            if (!indexes.isEmpty()) {
                r.globalSecondaryIndexes(indexes);
            }
        });
    }

    /** Application, environment, FeatureFlags profile, strategy, and the template's hosted document deployed; returns the ids by type. */
    private static Map<String, String> provisionAppConfig(String synthesizedDocument) {
        try (AppConfigClient appConfig = rootClient(AppConfigClient.builder(), root(config.accounts().newAccountId()))) {
            String application = appConfig.createApplication(b -> b.name(config.appConfig().application())).id();
            String environment = appConfig.createEnvironment(b -> b.applicationId(application).name(config.appConfig().environment())).id();
            String profile = appConfig.createConfigurationProfile(b -> b.applicationId(application).name(config.appConfig().profile())
                    .locationUri("hosted").type("AWS.AppConfig.FeatureFlags")).id();
            String strategy = appConfig.createDeploymentStrategy(b -> b.name("all-at-once").deploymentDurationInMinutes(0)
                    .finalBakeTimeInMinutes(0).growthFactor(100f).growthType(GrowthType.LINEAR).replicateTo(ReplicateTo.NONE)).id();
            Map<String, String> ids = new HashMap<>(Map.of("AWS::AppConfig::Application", application,
                    "AWS::AppConfig::Environment", environment, "AWS::AppConfig::ConfigurationProfile", profile,
                    "AWS::AppConfig::DeploymentStrategy", strategy));
            // The sandbox validates the version as AppConfig would: the synthesized document must be accepted.
            deployFlags(ids, synthesizedDocument);
            return ids;
        }
    }

    private static void deployFlags(Map<String, String> ids, String hostedDocument) {
        try (AppConfigClient appConfig = rootClient(AppConfigClient.builder(), root(config.accounts().newAccountId()))) {
            String application = ids.get("AWS::AppConfig::Application");
            String profile = ids.get("AWS::AppConfig::ConfigurationProfile");
            int version = appConfig.createHostedConfigurationVersion(b -> b.applicationId(application).configurationProfileId(profile)
                    .contentType("application/json").content(SdkBytes.fromString(hostedDocument, StandardCharsets.UTF_8))).versionNumber();
            appConfig.startDeployment(b -> b.applicationId(application).environmentId(ids.get("AWS::AppConfig::Environment"))
                    .configurationProfileId(profile).deploymentStrategyId(ids.get("AWS::AppConfig::DeploymentStrategy"))
                    .configurationVersion(Integer.toString(version)));
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

    // ---- the synthesized templates ----

    /** The environment of the router's Lambda function (the one named cutover-router, given CUTOVER_CONFIG). */
    private static JsonNode lambdaEnvironment(JsonNode template) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            JsonNode variables = r.path("Properties").path("Environment").path("Variables");
            if (r.path("Type").asText().equals("AWS::Lambda::Function") && variables.has(NewAccountStack.CONFIG_ENV)
                    && r.path("Properties").path("FunctionName").asText().equals("cutover-router")) {
                found.add(variables);
            }
        });
        assertThat(found).as("one router function with " + NewAccountStack.CONFIG_ENV).hasSize(1);
        return found.get(0);
    }

    private static String hostedFlagsDocument(JsonNode template) {
        List<String> found = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals("AWS::AppConfig::HostedConfigurationVersion")) {
                found.add(r.path("Properties").path("Content").asText());
            }
        });
        assertThat(found).as("one hosted flags version").hasSize(1);
        return found.get(0);
    }

    // ---- IAM documents and credentials ----

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

    /** Sessions of a new-account role, refreshed as the SDK does, as Lambda or ECS would hand them to the code. */
    private static AwsCredentialsProvider roleSession(String roleArn) {
        StsClient sts = rootClient(StsClient.builder(), root(config.accounts().newAccountId()));
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("cdk-e2e")).build();
        CLOSEABLES.add(sts);
        CLOSEABLES.add(provider);
        return provider;
    }

    private static Credentials assume(AwsCredentialsProvider as, String roleArn, String externalId) {
        try (StsClient sts = rootClient(StsClient.builder(), as)) {
            return sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("cdk-e2e").externalId(externalId)).credentials();
        }
    }

    private static AwsCredentialsProvider root(String accountId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, sandbox.rootSecretKey(accountId)));
    }

    private static AwsSessionCredentials credentials(Credentials c) {
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    private static <B extends AwsClientBuilder<B, C>, C> C rootClient(AwsClientBuilder<B, C> builder, AwsCredentialsProvider credentials) {
        builder.endpointOverride(sandbox.endpoint()).region(Region.of(config.region())).credentialsProvider(credentials);
        if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(UrlConnectionHttpClient.create());
        }
        return builder.build();
    }
}
