package dev.cutover.sandbox.internal.sqs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the sandbox needs to know about an SQS request before forwarding it, in either protocol:
 * AWS JSON 1.0 ({@code X-Amz-Target: AmazonSQS.SendMessage}, JSON body; SDK v2 2.54) or AWS Query
 * ({@code Action=SendMessage} form or query string; the AWS CLI and older SDKs, which may also put the
 * queue URL's path in the request path).
 *
 * @param operation e.g. "SendMessage"
 * @param protocol JSON_1_0 or QUERY, following the request
 * @param queueUrl the QueueUrl parameter, or the request path when a query request is sent to the queue URL
 * @param queueName the QueueName parameter (CreateQueue, GetQueueUrl)
 * @param queueOwner the QueueOwnerAWSAccountId parameter (GetQueueUrl)
 */
record SqsCall(String operation, Protocol protocol, Optional<String> queueUrl, Optional<String> queueName,
        Optional<String> queueOwner) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String JSON_TARGET_PREFIX = "AmazonSQS.";

    static Protocol protocolOf(Map<String, String> lowerCaseHeaders) {
        String target = lowerCaseHeaders.get("x-amz-target");
        return target != null && target.startsWith(JSON_TARGET_PREFIX) ? Protocol.JSON_1_0 : Protocol.QUERY;
    }

    static SqsCall parse(EdgeRequest request) {
        Protocol protocol = protocolOf(request.headers());
        if (protocol == Protocol.JSON_1_0) {
            String operation = request.targetOperation().orElseThrow();
            Map<String, String> fields = jsonFields(request.body(), operation);
            return new SqsCall(operation, protocol, Optional.ofNullable(fields.get("QueueUrl")),
                    Optional.ofNullable(fields.get("QueueName")), Optional.ofNullable(fields.get("QueueOwnerAWSAccountId")));
        }
        Map<String, String> params = new HashMap<>();
        request.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v.get(0));
            }
        });
        if (isForm(request)) {
            params.putAll(formFields(request.bodyAsString()));
        }
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException(400, "MissingAction", "SQS query requests need an Action parameter (e.g. Action=SendMessage)"
                    + " in the form body or query string, or use the JSON protocol with 'X-Amz-Target: AmazonSQS.<Operation>'");
        }
        String queueUrl = params.get("QueueUrl");
        if (queueUrl == null && request.path().length() > 1) {
            queueUrl = request.path();
        }
        return new SqsCall(action, protocol, Optional.ofNullable(queueUrl), Optional.ofNullable(params.get("QueueName")),
                Optional.ofNullable(params.get("QueueOwnerAWSAccountId")));
    }

    /**
     * The {account, queue} a QueueUrl names: {@code http://host:port/ACCOUNT/QUEUE} or just {@code /ACCOUNT/QUEUE}.
     */
    static String[] accountAndQueue(String queueUrl) {
        String path = queueUrl;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : path.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        if (parts.length != 2 || !parts[0].matches("\\d{12}") || parts[1].isEmpty()) {
            throw new AwsException(400, "InvalidAddress", "The queue URL '" + queueUrl + "' is not of the form "
                    + "http://HOST:PORT/ACCOUNT_ID/QUEUE_NAME; use the QueueUrl returned by CreateQueue or GetQueueUrl");
        }
        return parts;
    }

    private static boolean isForm(EdgeRequest request) {
        return request.header("content-type")
                .map(ct -> ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .orElse(request.body().length > 0);
    }

    static Map<String, String> formFields(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(key, value);
        }
        return fields;
    }

    private static final List<String> JSON_FIELDS = List.of("QueueUrl", "QueueName", "QueueOwnerAWSAccountId");

    private static Map<String, String> jsonFields(byte[] body, String operation) {
        Map<String, String> fields = new HashMap<>();
        if (body.length == 0) {
            return fields;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new AwsException(400, "InvalidParameterValue", "The body of " + operation + " must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && JSON_FIELDS.contains(name)) {
                    fields.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new AwsException(400, "InvalidParameterValue", "The body of " + operation + " is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AwsException(400, "InvalidParameterValue", "The body of " + operation + " could not be read: " + e.getMessage());
        }
        return fields;
    }
}
