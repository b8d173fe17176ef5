package dev.cutover.router.sandbox;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.PolicyDocument;
import dev.cutover.config.Queue;
import dev.cutover.config.Side;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.CutoverRouter;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.RouterRequest;
import dev.cutover.router.RouterResponse;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.internal.ssm.SandboxKmsKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.appconfig.model.GrowthType;
import software.amazon.awssdk.services.appconfig.model.ReplicateTo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The example "shop" in a sandbox, both accounts provisioned with root credentials: tables, queues,
 * SecureString parameters, the legacy cross-account role (ExternalId, policy = exactly
 * {@link Permissions#forRouter} for legacy), and the AppConfig FeatureFlags profile in the new account.
 * The router under test runs with the new account's root credentials and reaches legacy through the role.
 */
public final class RouterWorld implements AutoCloseable {
    public static final String ROLE_NAME = "cutover-legacy-access";
    public static final String ROUTER_POLICY = "router";

    private final Sandbox sandbox;
    private final CutoverConfig config;
    private final AppConfigClient appConfig;
    private final Map<Side, DynamoDbClient> dynamoDb = new EnumMap<>(Side.class);
    private final Map<Side, SqsClient> sqs = new EnumMap<>(Side.class);
    private final Map<Side, SsmClient> ssm = new EnumMap<>(Side.class);
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    private String applicationId;
    private String environmentId;
    private String profileId;
    private String strategyId;
    private AwsClientFactory factory;
    private CutoverRouter router;
    private volatile long deployedAtNanos;
    private volatile boolean awaitConfirmation;

    private RouterWorld(Sandbox sandbox, CutoverConfig config) {
        this.sandbox = sandbox;
        this.config = config;
        this.appConfig = AppConfigClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(root(Side.NEW)).httpClient(UrlConnectionHttpClient.create()).build();
        for (Side side : Side.values()) {
            dynamoDb.put(side, DynamoDbClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(root(side)).httpClient(UrlConnectionHttpClient.create()).build());
            sqs.put(side, SqsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(root(side)).httpClient(UrlConnectionHttpClient.create()).build());
            ssm.put(side, SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(root(side)).httpClient(UrlConnectionHttpClient.create()).build());
        }
    }

    /**
     * The example configuration adapted to the sandbox: its KMS keys, a 1 s flags poll, the given credential refresh times,
     * and secondaries (shadow reads, second writes) given the backend's 5 s instead of the example's 500 ms: these tests are
     * not about timeouts, and on a loaded machine a healthy shadow read can outlast 500 ms and go uncompared.
     */
    public static CutoverConfig config(Sandbox sandbox, Duration prefetch, Duration stale) {
        return config(sandbox, prefetch, stale, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** {@link #config(Sandbox, Duration, Duration)} with router timeouts short enough for fault tests to wait them out quickly. */
    public static CutoverConfig config(Sandbox sandbox, Duration prefetch, Duration stale, Duration secondaryTimeout,
            Duration backendTimeout) {
        return sandboxed(sandbox, CutoverConfig.example(), prefetch, stale).toBuilder()
                .router(r -> r.secondaryTimeout(secondaryTimeout).backendTimeout(backendTimeout))
                .build();
    }

    /** {@code config} (with the example's accounts) adapted to the sandbox: its keys, a 1 s flags poll, the refresh times. */
    public static CutoverConfig sandboxed(Sandbox sandbox, CutoverConfig config, Duration prefetch, Duration stale) {
        CutoverConfig.Builder b = config.toBuilder()
                .appConfig(a -> a.withPollInterval(Duration.ofSeconds(1)))
                .legacyAccount(l -> l.prefetchTime(prefetch).staleTime(stale));
        for (Side side : Side.values()) {
            String key = SandboxKmsKeys.defaultSsmKeyArn(sandbox.region(), side == Side.LEGACY ? sandbox.legacyAccountId()
                    : sandbox.newAccountId());
            b.resources(side, r -> r.parameterTrees(tree -> tree.withKmsKeyArn(key)));
        }
        return b.build();
    }

    /** Provisions both accounts; the router is built by {@link #startRouter()}. */
    public static RouterWorld provision(Sandbox sandbox, CutoverConfig config) {
        RouterWorld world = new RouterWorld(sandbox, config);
        world.provisionResources();
        world.grantLegacyRole(new Permissions(config).forRouter(Side.LEGACY));
        world.provisionAppConfig();
        return world;
    }

    public AwsCredentialsProvider root(Side side) {
        String account = side == Side.LEGACY ? sandbox.legacyAccountId() : sandbox.newAccountId();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(account, sandbox.rootSecretKey(account)));
    }

    private void provisionResources() {
        for (Side side : Side.values()) {
            for (Table t : config.resources(side).tables().values()) {
                createTable(side, t);
            }
            for (Queue q : config.resources(side).queues().values()) {
                sqs.get(side).createQueue(b -> b.queueName(q.name()).attributes(q.fifo()
                        ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of()));
            }
            String tree = config.resources(side).parameterTree("settings").path();
            ssm.get(side).putParameter(b -> b.name(tree + "/currency").value("EUR").type(ParameterType.SECURE_STRING));
        }
    }

    /** Creates {@code table} with its key schema and indexes (projection ALL). */
    private void createTable(Side side, Table t) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        List<KeySchemaElement> keys = keySchema(t.partitionKey(), t.sortKey(), attributes);
        List<GlobalSecondaryIndex> indexes = new java.util.ArrayList<>();
        for (TableIndex index : t.indexes()) {
            indexes.add(GlobalSecondaryIndex.builder().indexName(index.name()).keySchema(keySchema(index.partitionKey(), index.sortKey(),
                    attributes)).projection(p -> p.projectionType(ProjectionType.ALL)).build());
        }
        dynamoDb.get(side).createTable(b -> b.tableName(t.name())
                .attributeDefinitions(attributes.entrySet().stream().map(e -> AttributeDefinition.builder().attributeName(e.getKey())
                        .attributeType(e.getValue()).build()).collect(Collectors.toList()))
                .keySchema(keys).globalSecondaryIndexes(indexes.isEmpty() ? null : indexes).billingMode("PAY_PER_REQUEST"));
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute pk, java.util.Optional<KeyAttribute> sk, Map<String, String> attributes) {
        attributes.put(pk.name(), pk.type());
        List<KeySchemaElement> keys = new java.util.ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(pk.name()).keyType(KeyType.HASH).build());
        sk.ifPresent(k -> {
            attributes.put(k.name(), k.type());
            keys.add(KeySchemaElement.builder().attributeName(k.name()).keyType(KeyType.RANGE).build());
        });
        return keys;
    }

    public DynamoDbClient dynamoDb(Side side) {
        return dynamoDb.get(side);
    }

    /** Replaces the legacy role's router policy with exactly {@code permissions}. */
    public void grantLegacyRole(List<Permission> permissions) {
        sandbox.iam().putRole(IamRole.builder().accountId(sandbox.legacyAccountId()).name(ROLE_NAME)
                .trustAccount(sandbox.newAccountId(), config.accounts().legacy().externalId())
                .inlinePolicy(ROUTER_POLICY, PolicyDocument.of(permissions)).build());
    }

    private void provisionAppConfig() {
        applicationId = appConfig.createApplication(b -> b.name(config.appConfig().application())).id();
        environmentId = appConfig.createEnvironment(b -> b.applicationId(applicationId).name(config.appConfig().environment())).id();
        profileId = appConfig.createConfigurationProfile(b -> b.applicationId(applicationId).name(config.appConfig().profile())
                .locationUri("hosted").type("AWS.AppConfig.FeatureFlags")).id();
        strategyId = appConfig.createDeploymentStrategy(b -> b.name("immediate").deploymentDurationInMinutes(0).finalBakeTimeInMinutes(0)
                .growthFactor(100f).growthType(GrowthType.LINEAR).replicateTo(ReplicateTo.NONE)).id();
        deployFlags(RoutingFlags.allLegacy(config));
    }

    /** CreateHostedConfigurationVersion + StartDeployment (immediate strategy), as the flags CLI does. */
    public void deployFlags(RoutingFlags flags) {
        deployDocument(flags.toHostedDocument(config));
        awaitConfirmation = true;
    }

    /** Deploys any document; {@link #awaitFlagsPoll()} then only waits a poll interval (the document may be invalid). */
    public void deployDocument(String hostedDocument) {
        awaitConfirmation = false;
        int version = appConfig.createHostedConfigurationVersion(b -> b.applicationId(applicationId).configurationProfileId(profileId)
                .contentType("application/json").content(SdkBytes.fromString(hostedDocument, StandardCharsets.UTF_8))).versionNumber();
        appConfig.startDeployment(b -> b.applicationId(applicationId).environmentId(environmentId).configurationProfileId(profileId)
                .deploymentStrategyId(strategyId).configurationVersion(Integer.toString(version)));
        deployedAtNanos = System.nanoTime();
    }

    /** Builds the router as Lambda's init would, with the new account's root credentials; log lines are captured. */
    public CutoverRouter startRouter() {
        factory = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(root(Side.NEW))
                .apiCallTimeout(config.router().backendTimeout()).build(config);
        router = CutoverRouter.on(CutoverRouting.builder(config, factory).logSink(logs::add).build());
        return router;
    }

    public RouterResponse call(String method, String path, String body) {
        int bytes = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        Map<String, String> query = new java.util.HashMap<>();
        int q = path.indexOf('?');
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return router.handle(new RouterRequest(method, q >= 0 ? path.substring(0, q) : path, query,
                Map.of("content-type", "application/json"), body, bytes, UUID.randomUUID().toString()));
    }

    public RouterResponse get(String path) {
        return call("GET", path, null);
    }

    public void putItem(Side side, String id, String owner, Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(extra);
        item.put("id", AttributeValue.fromS(id));
        item.put("owner", AttributeValue.fromS(owner));
        dynamoDb.get(side).putItem(b -> b.tableName(config.resources(side).table("items").name()).item(item));
    }

    /** Receives (and deletes) up to {@code max} messages of a logical queue on one side. */
    public List<Message> receive(Side side, String logicalQueue, int max) {
        String url = sqs.get(side).getQueueUrl(b -> b.queueName(config.resources(side).queue(logicalQueue).name())).queueUrl();
        List<Message> messages = sqs.get(side).receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).waitTimeSeconds(1)
                .messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
        messages.forEach(m -> sqs.get(side).deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        return messages;
    }

    public SsmClient ssm(Side side) {
        return ssm.get(side);
    }

    /** Waits a little longer than one flags poll interval, then lets one request pick the flags up. */
    /**
     * Waits until the router has fetched its flags since the last deployment: first one poll interval (the flags become
     * due), then until the router's last confirmation from AppConfig is younger than the deployment, however slow the
     * machine (a fixed sleep alone made tests fail when a loaded machine delayed the fetch).
     */
    public void awaitFlagsPoll() {
        sleep(config.appConfig().pollInterval().plusMillis(300));
        if (router == null || !awaitConfirmation) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - deadline < 0) {
            router.routing().flags(); // fetches when due
            long confirmedAt = System.nanoTime() - (router.routing().flagAgeMillis() + 1) * 1_000_000L;
            if (confirmedAt - deployedAtNanos > 0) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new AssertionError("the router did not fetch its flags within 60 s of the deployment");
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<String> logs() {
        return List.copyOf(logs);
    }

    public List<String> logs(String event) {
        return logs.stream().filter(l -> l.contains("\"event\":\"" + event + "\"")).collect(Collectors.toList());
    }

    public void clearLogs() {
        logs.clear();
    }

    public CutoverConfig config() {
        return config;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public CutoverRouter router() {
        return router;
    }

    /** Requests the sandbox saw for the services the router forwards to (and STS). */
    public long backendRequests() {
        return sandbox.requestCounts().entrySet().stream()
                .filter(e -> e.getKey().matches("(dynamodb|sqs|ssm|sts):.*"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Override
    public void close() {
        if (router != null) {
            router.close();
            router.routing().close();
        }
        if (factory != null) {
            factory.close();
        }
        appConfig.close();
        dynamoDb.values().forEach(DynamoDbClient::close);
        sqs.values().forEach(SqsClient::close);
        ssm.values().forEach(SsmClient::close);
    }
}
