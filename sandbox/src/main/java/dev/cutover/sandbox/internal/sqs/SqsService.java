package dev.cutover.sandbox.internal.sqs;

import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SQS behind the edge: one ElasticMQ per account. A request goes to the ElasticMQ of the account in its
 * QueueUrl (or QueueOwnerAWSAccountId), else of the caller's account; another account's queue is
 * AccessDenied (the sandbox has no resource policies). IAM is checked on
 * {@code arn:aws:sqs:REGION:ACCOUNT:QUEUE} before the request is forwarded unchanged; ElasticMQ speaks
 * both the JSON and the query protocol, so its answers (errors included) go back as they are.
 */
final class SqsService implements AwsService {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final String region;
    private final CompletableFuture<Map<String, ElasticMqServer>> byAccount;
    private final HttpClient http;

    /** {@code byAccount} may still be starting: requests wait for it (see {@link SqsServiceFactory}). */
    SqsService(String region, CompletableFuture<Map<String, ElasticMqServer>> byAccount) {
        this.region = region;
        this.byAccount = byAccount;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public String signingName() {
        return "sqs";
    }

    @Override
    public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
        return SqsCall.protocolOf(lowerCaseHeaders);
    }

    @Override
    public String operationName(EdgeRequest request) {
        return SqsCall.parse(request).operation();
    }

    /** SQS throttles with RequestThrottled in both protocols; SDK v2 maps it to RequestThrottledException and retries it. */
    @Override
    public String throttlingErrorCode(String operation) {
        return "RequestThrottled";
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        SqsCall call = SqsCall.parse(request);
        String callerAccount = request.caller().accountId();
        String account = callerAccount;
        String queue = call.queueName().orElse(null);
        if (call.queueUrl().isPresent()) {
            String[] accountAndQueue = SqsCall.accountAndQueue(call.queueUrl().get());
            account = accountAndQueue[0];
            queue = accountAndQueue[1];
        } else if (call.queueOwner().isPresent()) {
            account = call.queueOwner().get();
        }
        String action = "sqs:" + iamAction(call.operation());
        String resource = queue == null ? "arn:aws:sqs:" + region + ":" + account + ":*"
                : "arn:aws:sqs:" + region + ":" + account + ":" + queue;
        if (!account.equals(callerAccount)) {
            throw accessDenied(call.protocol(), request.caller().arn(), action, resource);
        }
        if (!request.caller().isRoot()) {
            request.authorize(action, resource);
        }
        Map<String, ElasticMqServer> servers = servers();
        ElasticMqServer target = servers.get(account);
        if (target == null) {
            throw new AwsException(500, "InternalError", "The sandbox runs no ElasticMQ for account " + account
                    + "; it runs one for each of " + servers.keySet());
        }
        return forward(request, target);
    }

    /** Batch calls are authorised as their single-message action, as IAM does (there is no sqs:SendMessageBatch action). */
    static String iamAction(String operation) {
        return operation.endsWith("Batch") ? operation.substring(0, operation.length() - "Batch".length()) : operation;
    }

    private static AwsException accessDenied(Protocol protocol, String principal, String action, String resource) {
        String message = "User: " + principal + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no resource-based policy allows the " + action + " action";
        return protocol == Protocol.QUERY ? new AwsException(403, "AccessDenied", message)
                : new AwsException(400, "AccessDeniedException", message);
    }

    private EdgeResponse forward(EdgeRequest request, ElasticMqServer target) {
        URI uri = target.endpoint().resolve(request.path() + queryString(request.query()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        for (String header : List.of("content-type", "x-amz-target", "x-amzn-query-mode", "x-amz-date")) {
            request.header(header).ifPresent(v -> builder.header(header, v));
        }
        builder.header("Authorization", "AWS4-HMAC-SHA256 Credential=" + target.accountId() + "/20000101/" + region
                + "/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0");
        if ("GET".equals(request.method())) {
            builder.GET();
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AwsException(500, "InternalError", "ElasticMQ of account " + target.accountId() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(500, "InternalError", "Interrupted while waiting for ElasticMQ");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.headers().firstValue("content-type").ifPresent(v -> headers.put("Content-Type", v));
        answer.headers().firstValue("x-amzn-requestid").ifPresent(v -> headers.put("x-amzn-RequestId", v));
        answer.headers().firstValue("x-amzn-query-error").ifPresent(v -> headers.put("x-amzn-query-error", v));
        return new EdgeResponse(answer.statusCode(), headers, answer.body());
    }

    private static String queryString(Map<String, List<String>> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((key, values) -> values.forEach(value -> joined.add(
                URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return joined.toString();
    }

    private Map<String, ElasticMqServer> servers() {
        Map<String, ElasticMqServer> servers = byAccount.getNow(null);
        if (servers != null) {
            return servers;
        }
        try {
            return byAccount.get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AwsException(500, "InternalError", "ElasticMQ did not start: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new AwsException(500, "InternalError", "ElasticMQ did not start within " + STARTUP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(500, "InternalError", "Interrupted while waiting for ElasticMQ to start");
        }
    }

    @Override
    public void close() {
        byAccount.thenAccept(servers -> servers.values().parallelStream().forEach(ElasticMqServer::close));
    }
}
