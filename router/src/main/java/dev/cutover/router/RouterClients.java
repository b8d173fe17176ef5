package dev.cutover.router;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Queue;
import dev.cutover.config.Side;
import dev.cutover.config.action.Action;
import dev.cutover.config.aws.AwsClientFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of both sides, built once at init and shared by every request: legacy clients sign
 * with {@link dev.cutover.config.aws.LegacyCredentialsProvider} (AssumeRole with ExternalId, cached),
 * new clients with the new account's credentials. Only services that some operation uses are built,
 * so a map without queues pays nothing for SQS at cold start.
 */
public final class RouterClients implements SdkAutoCloseable {
    private final Map<Side, DynamoDbClient> dynamoDb = new EnumMap<>(Side.class);
    private final Map<Side, SqsClient> sqs = new EnumMap<>(Side.class);
    private final Map<Side, SsmClient> ssm = new EnumMap<>(Side.class);
    private final Map<Side, Map<String, String>> queueUrls = new EnumMap<>(Side.class);
    private final AwsClientFactory factory;

    private RouterClients(CutoverConfig config, AwsClientFactory factory) {
        this.factory = factory;
        Duration deadline = config.router().backendTimeout();
        boolean usesDynamoDb = uses(config, Action.Service.DYNAMODB);
        boolean usesSqs = uses(config, Action.Service.SQS);
        boolean usesSsm = uses(config, Action.Service.SSM);
        for (Side side : Side.values()) {
            if (usesDynamoDb) {
                dynamoDb.put(side, factory.build(DynamoDbClient.builder(), side, o -> o.apiCallTimeout(deadline)));
            }
            if (usesSqs) {
                sqs.put(side, factory.build(SqsClient.builder(), side, o -> o.apiCallTimeout(deadline)));
            }
            if (usesSsm) {
                ssm.put(side, factory.build(SsmClient.builder(), side, o -> o.apiCallTimeout(deadline)));
            }
            queueUrls.put(side, queueUrls(config, side, factory));
        }
    }

    /**
     * Queue URLs built from the account id and queue name, as SQS forms them: least privilege grants
     * sqs:SendMessage only, so nothing may call GetQueueUrl.
     */
    private static Map<String, String> queueUrls(CutoverConfig config, Side side, AwsClientFactory factory) {
        String base = factory.endpoint().map(Object::toString).orElse("https://sqs." + config.region() + ".amazonaws.com");
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Map<String, String> urls = new HashMap<>();
        for (Map.Entry<String, Queue> q : config.resources(side).queues().entrySet()) {
            urls.put(q.getKey(), base + "/" + config.accounts().accountId(side) + "/" + q.getValue().name());
        }
        return Map.copyOf(urls);
    }

    /** Builds the clients the operation map needs; {@code router.backendTimeout} is each call's deadline, SDK retries included. */
    public static RouterClients create(CutoverConfig config, AwsClientFactory factory) {
        return new RouterClients(config, factory);
    }

    private static boolean uses(CutoverConfig config, Action.Service service) {
        return config.operations().stream().anyMatch(o -> o.action().service() == service);
    }

    public DynamoDbClient dynamoDb(Side side) {
        return require(dynamoDb, side, "DynamoDB");
    }

    public SqsClient sqs(Side side) {
        return require(sqs, side, "SQS");
    }

    public SsmClient ssm(Side side) {
        return require(ssm, side, "SSM");
    }

    /** The URL of the configured queue {@code logicalQueue} (e.g. "orders") on {@code side}, without a GetQueueUrl call. */
    public String queueUrl(Side side, String logicalQueue) {
        String url = queueUrls.get(side).get(logicalQueue);
        if (url == null) {
            throw new RoutingException("no queue named '" + logicalQueue + "' in resources." + side.id() + ".queues; known: "
                    + queueUrls.get(side).keySet());
        }
        return url;
    }

    /** The factory the clients came from (credentials per side, region, endpoint). */
    public AwsClientFactory factory() {
        return factory;
    }

    private static <T> T require(Map<Side, T> clients, Side side, String service) {
        T client = clients.get(side);
        if (client == null) {
            throw new RoutingException("no " + service + " client: no operation of the configuration uses " + service);
        }
        return client;
    }

    @Override
    public void close() {
        dynamoDb.values().forEach(SdkAutoCloseable::close);
        sqs.values().forEach(SdkAutoCloseable::close);
        ssm.values().forEach(SdkAutoCloseable::close);
    }
}
