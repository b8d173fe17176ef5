package dev.cutover.sandbox.internal.dynamodb;

import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32;

/**
 * DynamoDB (and DynamoDB Streams) behind the edge: authorises the call with IAM, then forwards it
 * unchanged to the in-process DynamoDB Local, re-signed (unverified) with the ACCOUNT id as access key id
 * so DynamoDB Local's per-credential partitioning becomes per-account isolation: a role session of
 * 111111111111 sees the tables of that account's root, 222222222222 sees others.
 */
final class DynamoDbService implements AwsService {

    /** Item operations: throttled with ProvisionedThroughputExceededException, bodies never ARN-translated. */
    static final Set<String> DATA_PLANE = Set.of(
            "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
            "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final byte[] ARN_MARKER = "\"arn:".getBytes(StandardCharsets.UTF_8);

    private final CompletableFuture<DynamoDbLocalServer> local;
    private final HttpClient http;

    /** {@code local} may still be starting: requests wait for it (see {@link DynamoDbServiceFactory}). */
    DynamoDbService(CompletableFuture<DynamoDbLocalServer> local) {
        this.local = local;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public String signingName() {
        return "dynamodb";
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
        return Protocol.JSON_1_0;
    }

    @Override
    public String operationName(EdgeRequest request) {
        return request.targetOperation().orElseThrow(() -> new AwsException(400, "UnknownOperationException",
                "DynamoDB requests need an X-Amz-Target header such as 'DynamoDB_20120810.GetItem'; this one has none"));
    }

    @Override
    public String throttlingErrorCode(String operation) {
        return DATA_PLANE.contains(operation) ? "ProvisionedThroughputExceededException" : "ThrottlingException";
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        String operation = operationName(request);
        Caller caller = request.caller();
        String account = caller.accountId();
        String region = request.region();
        byte[] body = request.body();

        if (!caller.isRoot() || DynamoDbArns.indexOf(body, ARN_MARKER) >= 0) {
            authorize(request, operation, body, region, account);
        }
        boolean dataPlane = DATA_PLANE.contains(operation);
        byte[] forwarded = dataPlane ? body : DynamoDbArns.toLocal(body, region, account);

        HttpResponse<byte[]> answer = forward(request, forwarded, account, region);
        byte[] responseBody = answer.body();
        Map<String, String> headers = new LinkedHashMap<>(4);
        copyHeader(answer, "content-type", "Content-Type", headers);
        copyHeader(answer, "x-amzn-requestid", "x-amzn-RequestId", headers);
        if (!dataPlane) {
            byte[] translated = DynamoDbArns.toAccount(responseBody, region, account);
            if (translated != responseBody) {
                responseBody = translated;
                headers.put("x-amz-crc32", Long.toString(crc32(responseBody)));
                return new EdgeResponse(answer.statusCode(), headers, responseBody);
            }
        }
        copyHeader(answer, "x-amz-crc32", "x-amz-crc32", headers);
        return new EdgeResponse(answer.statusCode(), headers, responseBody);
    }

    private static void authorize(EdgeRequest request, String operation, byte[] body, String region, String account) {
        List<DynamoDbPermissions.Permission> permissions = DynamoDbPermissions.required(operation, body, region, account);
        for (DynamoDbPermissions.Permission permission : permissions) {
            String owner = accountOf(permission.resourceArn());
            if (!owner.isEmpty() && !owner.equals(account)) {
                // No resource-based policies in the sandbox: another account's table is never reachable.
                throw new AwsException(400, "AccessDeniedException", "User: " + request.caller().arn()
                        + " is not authorized to perform: " + permission.action() + " on resource: " + permission.resourceArn()
                        + " because no resource-based policy allows the " + permission.action() + " action");
            }
            if (!request.caller().isRoot()) {
                request.authorize(permission.action(), permission.resourceArn());
            }
        }
    }

    /** The account field of an ARN ("arn:aws:dynamodb:REGION:ACCOUNT:..."), or "" when there is none. */
    static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 6 ? parts[4] : "";
    }

    private HttpResponse<byte[]> forward(EdgeRequest request, byte[] body, String account, String region) {
        URI target = localServer().endpoint().resolve("/");
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(TIMEOUT)
                .header("Content-Type", request.header("content-type").orElse("application/x-amz-json-1.0"))
                // DynamoDB Local does not verify signatures; it keys its databases on access key id + region.
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + account + "/20000101/" + region
                        + "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0")
                .header("X-Amz-Date", request.header("x-amz-date").orElse("20000101T000000Z"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("x-amz-target").ifPresent(t -> builder.header("X-Amz-Target", t));
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AwsException(500, "InternalServerError", "DynamoDB Local at " + target + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(500, "InternalServerError", "Interrupted while waiting for DynamoDB Local");
        }
    }

    private static void copyHeader(HttpResponse<byte[]> answer, String name, String as, Map<String, String> into) {
        answer.headers().firstValue(name).ifPresent(v -> into.put(as, v));
    }

    private static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }

    private DynamoDbLocalServer localServer() {
        DynamoDbLocalServer server = local.getNow(null);
        if (server != null) {
            return server;
        }
        try {
            return local.get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AwsException(500, "InternalServerError", "DynamoDB Local did not start: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new AwsException(500, "InternalServerError", "DynamoDB Local did not start within " + STARTUP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(500, "InternalServerError", "Interrupted while waiting for DynamoDB Local to start");
        }
    }

    /** Where DynamoDB Local listens (waits for it to start). */
    URI localEndpoint() {
        return localServer().endpoint();
    }

    @Override
    public void close() {
        local.thenAccept(DynamoDbLocalServer::close);
    }
}
