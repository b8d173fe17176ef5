package dev.cutover.router.internal.backend;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.SideResources;
import dev.cutover.router.RouterClients;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Makes a {@link BackendCall} on one side with that side's prebuilt client and resource names, and
 * shapes the answer the same way for both sides. Retries live in the SDK (standard mode); the only
 * other one is {@link CredentialRefresh}, after the legacy account rejected credentials the cache still trusted.
 */
public final class Backends {
    /** The message attribute carrying the idempotency key both sides share. */
    public static final String IDEMPOTENCY_KEY_ATTRIBUTE = "idempotencyKey";

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final CutoverConfig config;
    private final RouterClients clients;
    private final CredentialRefresh credentialRefresh;

    public Backends(CutoverConfig config, RouterClients clients, Telemetry telemetry) {
        this.config = config;
        this.clients = clients;
        this.credentialRefresh = new CredentialRefresh(clients.factory().legacyCredentials(), telemetry);
    }

    /**
     * Runs {@code call} against {@code side}. On the legacy side, a rejection of credentials the cache still
     * considered valid (ExpiredToken, InvalidClientTokenId, or their JSON spellings) refreshes them and runs the
     * call once more ({@link CredentialRefresh}). Call it once per request and side: the route does.
     */
    public <T> T withFreshCredentials(Side side, Supplier<T> call) {
        return side == Side.LEGACY ? credentialRefresh.call(call) : call.get();
    }

    /**
     * Calls {@code side}; {@code deadline} (nullable) shortens the call's total time, SDK retries included. No
     * credential retry here: the route wraps the whole action in {@link #withFreshCredentials} once.
     */
    public BackendResult call(BackendCall call, Side side, Duration deadline) {
        return callOnce(call, side, deadline);
    }

    private BackendResult callOnce(BackendCall call, Side side, Duration deadline) {
        AwsRequestOverrideConfiguration override = deadline == null ? null
                : AwsRequestOverrideConfiguration.builder().apiCallTimeout(deadline).build();
        SideResources res = config.resources(side);
        if (call instanceof BackendCall.GetItem c) {
            GetItemResponse r = clients.dynamoDb(side).getItem(b -> b.tableName(res.table(c.table()).name()).key(c.key())
                    .consistentRead(c.consistentRead()).overrideConfiguration(override));
            if (!r.hasItem() || r.item().isEmpty()) {
                return notFound("item not found");
            }
            ObjectNode body = NODES.objectNode();
            body.set("item", ItemJson.item(r.item()));
            return new BackendResult(200, body);
        }
        if (call instanceof BackendCall.Query c) {
            QueryResponse r = clients.dynamoDb(side).query(b -> b.tableName(res.table(c.table()).name()).indexName(c.index().orElse(null))
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", c.partitionKeyName()))
                    .expressionAttributeValues(Map.<String, AttributeValue>of(":pk", c.partitionKeyValue())).limit(c.limit())
                    .overrideConfiguration(override));
            ObjectNode body = NODES.objectNode();
            ArrayNode items = body.putArray("items");
            r.items().forEach(item -> items.add(ItemJson.item(item)));
            body.put("count", r.items().size());
            return new BackendResult(200, body);
        }
        if (call instanceof BackendCall.SendMessage c) {
            Map<String, MessageAttributeValue> attributes = new HashMap<>();
            c.attributes().forEach((k, v) -> attributes.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
            attributes.put(IDEMPOTENCY_KEY_ATTRIBUTE,
                    MessageAttributeValue.builder().dataType("String").stringValue(c.idempotencyKey()).build());
            boolean fifo = res.queue(c.queue()).fifo();
            SendMessageRequest.Builder b = SendMessageRequest.builder().queueUrl(clients.queueUrl(side, c.queue()))
                    .messageBody(c.body()).messageAttributes(attributes).overrideConfiguration(override);
            if (fifo) {
                b.messageGroupId(c.messageGroupId().orElseThrow()).messageDeduplicationId(c.idempotencyKey());
            }
            SendMessageResponse r = clients.sqs(side).sendMessage(b.build());
            ObjectNode body = NODES.objectNode();
            body.put("messageId", r.messageId());
            body.put("idempotencyKey", c.idempotencyKey());
            return new BackendResult(202, body);
        }
        if (call instanceof BackendCall.GetParameter c) {
            String path = res.parameterTree(c.tree()).path() + "/" + c.name();
            try {
                GetParameterResponse r = clients.ssm(side).getParameter(b -> b.name(path).withDecryption(c.decrypt())
                        .overrideConfiguration(override));
                ObjectNode body = NODES.objectNode();
                body.put("name", c.name());
                body.put("value", r.parameter().value());
                body.put("version", r.parameter().version());
                return new BackendResult(200, body);
            } catch (ParameterNotFoundException e) {
                return notFound("parameter '" + c.name() + "' not found");
            }
        }
        throw new IllegalStateException("unknown call " + call);
    }

    private static BackendResult notFound(String message) {
        ObjectNode body = NODES.objectNode();
        body.put("message", message);
        return new BackendResult(404, body);
    }
}
