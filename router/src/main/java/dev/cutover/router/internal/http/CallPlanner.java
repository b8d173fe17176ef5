package dev.cutover.router.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.Action;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.router.RouterRequest;
import dev.cutover.router.internal.backend.BackendCall;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a matched request into a {@link BackendCall} and its routing key, checking every value the
 * call will use. Nothing here talks to a backend: a request that fails here reaches no AWS service.
 */
public final class CallPlanner {
    /** The header a caller may send to make its retries of a write share one idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = "idempotency-key";

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,37})(\\.[0-9]{1,38})?");

    private final CutoverConfig config;
    private final ObjectMapper json;
    private final int maxBodyBytes;

    public CallPlanner(CutoverConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.maxBodyBytes = config.router().maxBodyBytes();
    }

    /** A request ready to route: its operation, routing key and the call either side would make. */
    public record Plan(Operation operation, String routingKey, BackendCall call) {
    }

    public Plan plan(RouteTable.Match match, RouterRequest request) {
        if (request.bodyBytes() > maxBodyBytes) {
            throw new HttpFailure(413, "too_large", "request body is " + request.bodyBytes() + " bytes; the limit is "
                    + maxBodyBytes + " (router.maxBodyBytes)");
        }
        Operation op = match.operation();
        Action action = op.action();
        JsonNode body = needsBody(op) ? RequestValues.parseBody(json, request.body()) : null;
        RequestValues values = new RequestValues(request, match.pathVariables(), body);
        String routingKey = values.render(op.routingKey(), "routing key of " + op.name());
        BackendCall call;
        if (action instanceof Action.DynamoDbGetItem a) {
            Table table = config.resources(Side.LEGACY).table(a.table());
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            a.key().forEach((attr, template) -> key.put(attr, typed(attrType(table, attr), values.render(template, "key " + attr), attr)));
            call = new BackendCall.GetItem(a.table(), key, a.consistentRead());
        } else if (action instanceof Action.DynamoDbQuery a) {
            Table table = config.resources(Side.LEGACY).table(a.table());
            KeyAttribute pk = a.index().flatMap(table::index).map(i -> i.partitionKey()).orElse(table.partitionKey());
            String value = values.render(a.partitionKeyValue(), "partition key " + a.partitionKeyName());
            call = new BackendCall.Query(a.table(), a.index(), a.partitionKeyName(), typed(pk.type(), value, pk.name()), a.limit());
        } else if (action instanceof Action.SqsSendMessage a) {
            Map<String, String> attributes = new LinkedHashMap<>();
            a.attributes().forEach((name, template) -> attributes.put(name, values.render(template, "message attribute " + name)));
            Optional<String> group = a.messageGroupId().map(t -> values.render(t, "messageGroupId"));
            String idempotencyKey = idempotencyKey(a, values, request);
            call = new BackendCall.SendMessage(a.queue(), body.toString(), attributes, group, idempotencyKey);
        } else if (action instanceof Action.SsmGetParameter a) {
            call = new BackendCall.GetParameter(a.parameters(), values.render(a.name(), "parameter name"), a.decrypt());
        } else {
            throw new IllegalStateException("unknown action " + action);
        }
        return new Plan(op, routingKey, call);
    }

    /** The deduplication template when configured, else the caller's Idempotency-Key header, else the request id. */
    private static String idempotencyKey(Action.SqsSendMessage action, RequestValues values, RouterRequest request) {
        if (action.deduplicationId().isPresent()) {
            return values.render(action.deduplicationId().get(), "deduplicationId");
        }
        String header = request.header(IDEMPOTENCY_KEY_HEADER);
        if (header != null) {
            return RequestValues.checked(new Template.Ref(Template.Source.HEADER, IDEMPOTENCY_KEY_HEADER), header);
        }
        return request.requestId();
    }

    private static boolean needsBody(Operation op) {
        if (op.action() instanceof Action.SqsSendMessage) {
            return true;
        }
        List<Template> templates = new ArrayList<>();
        templates.add(op.routingKey());
        if (op.action() instanceof Action.DynamoDbGetItem a) {
            templates.addAll(a.key().values());
        } else if (op.action() instanceof Action.DynamoDbQuery a) {
            templates.add(a.partitionKeyValue());
        } else if (op.action() instanceof Action.SsmGetParameter a) {
            templates.add(a.name());
        }
        return templates.stream().flatMap(t -> t.refs().stream()).anyMatch(r -> r.source() == Template.Source.BODY);
    }

    private static String attrType(Table table, String attr) {
        if (table.partitionKey().name().equals(attr)) {
            return table.partitionKey().type();
        }
        return table.sortKey().filter(k -> k.name().equals(attr)).map(KeyAttribute::type).orElse("S");
    }

    private static AttributeValue typed(String type, String value, String attr) {
        switch (type) {
            case "N" -> {
                if (!NUMBER.matcher(value).matches()) {
                    throw HttpFailure.badRequest("key " + attr + " must be a number, but was '" + RouteTable.printable(value) + "'");
                }
                return AttributeValue.fromN(value);
            }
            case "B" -> {
                try {
                    return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value)));
                } catch (IllegalArgumentException e) {
                    throw HttpFailure.badRequest("key " + attr + " must be base64, but was '" + RouteTable.printable(value) + "'");
                }
            }
            default -> {
                return AttributeValue.fromS(value);
            }
        }
    }
}
