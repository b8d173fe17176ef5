package dev.cutover.sandbox.internal.dynamodb;

import dev.cutover.dynamodb.DynamoDbEngine;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.s3.S3Buckets;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * DynamoDB and DynamoDB Streams behind the edge (one signing name, "dynamodb", one endpoint; the X-Amz-Target prefix,
 * {@code DynamoDB_20120810} or {@code DynamoDBStreams_20120810}, tells them apart): authorises the call with IAM (each
 * operation mapped to its IAM action and its table, index or stream ARN, with the resource's resource-based policy when it
 * has one, which is what lets another account in), then hands the body to the project's own
 * in-process engine ({@link DynamoDbEngine}), which keeps one isolated store per account and region. The edge is where
 * signatures, accounts, IAM and faults live; the engine only speaks DynamoDB.
 */
final class DynamoDbService implements AwsService {

    /** Item operations: throttled with ProvisionedThroughputExceededException. */
    static final Set<String> DATA_PLANE = Set.of(
            "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
            "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction");

    static final String TABLES_TARGET = "DynamoDB_20120810";
    static final String STREAMS_TARGET = "DynamoDBStreams_20120810";

    private static final byte[] ARN_MARKER = "\"arn:".getBytes(StandardCharsets.UTF_8);

    private final DynamoDbEngine engine;
    private final S3Buckets buckets;

    DynamoDbService(DynamoDbEngine engine, S3Buckets buckets) {
        this.engine = engine;
        this.buckets = buckets;
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
        String target = request.header("x-amz-target").orElse("");
        String api = target.substring(0, Math.max(0, target.indexOf('.')));
        boolean known = STREAMS_TARGET.equals(api) ? DynamoDbEngine.STREAM_OPERATIONS.contains(operation)
                : DynamoDbEngine.TABLE_OPERATIONS.contains(operation) || !DynamoDbEngine.STREAM_OPERATIONS.contains(operation);
        if (!known) {
            throw new AwsException(400, "UnknownOperationException", "The sandbox's " + (STREAMS_TARGET.equals(api) ? "DynamoDB Streams"
                    : "DynamoDB") + " does not implement " + operation + " (X-Amz-Target: " + target + ")");
        }
        Caller caller = request.caller();
        String account = caller.accountId();
        String region = request.region();
        byte[] body = request.body();
        boolean needsIam = !caller.isRoot() || indexOf(body, ARN_MARKER) >= 0;
        if (needsIam || engine.hasResourcePolicies()) {
            // a root call on its own account's tables is looked at only for a resource policy's explicit Deny: a body the
            // edge cannot read then goes to the engine, which answers it as DynamoDB would
            authorize(request, operation, body, region, account, !needsIam);
        }
        authorizeS3(request, operation, body);
        DynamoDbEngine.Response answer = engine.handle(account, region, operation, body);
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("Content-Type", "application/x-amz-json-1.0");
        // a request id need not be unguessable: ThreadLocalRandom instead of UUID.randomUUID()'s shared SecureRandom
        ThreadLocalRandom random = ThreadLocalRandom.current();
        headers.put("x-amzn-RequestId", new UUID(random.nextLong(), random.nextLong()).toString());
        headers.put("x-amz-crc32", Long.toString(crc32(answer.body())));
        return new EdgeResponse(answer.status(), headers, answer.body());
    }

    /**
     * IAM for each permission the request needs. A resource of the caller's account without a resource-based policy is
     * decided by the identity-based policies alone (root callers pass); otherwise the resource's policy (a stream's own, a
     * table's for the table and its indexes) takes part as AWS combines them: in the same account either policy may allow,
     * across accounts both must, and an explicit Deny in either refuses. The account root may always delete its own
     * resource's policy, so that a policy cannot lock the account out.
     */
    private void authorize(EdgeRequest request, String operation, byte[] body, String region, String account, boolean lenient) {
        List<DynamoDbPermissions.Permission> permissions;
        try {
            permissions = DynamoDbPermissions.required(operation, body, region, account);
        } catch (AwsException e) {
            if (lenient) {
                return;
            }
            throw e;
        }
        Caller caller = request.caller();
        for (DynamoDbPermissions.Permission permission : permissions) {
            String owner = accountOf(permission.resourceArn());
            owner = owner.isEmpty() ? account : owner;
            boolean sameAccount = owner.equals(account);
            if (sameAccount && caller.isRoot() && "dynamodb:DeleteResourcePolicy".equals(permission.action())) {
                continue;
            }
            Optional<String> policy = engine.hasResourcePolicies() ? engine.resourcePolicy(permission.resourceArn()) : Optional.empty();
            if (sameAccount && policy.isEmpty()) {
                if (!caller.isRoot()) {
                    request.authorize(permission.action(), permission.resourceArn());
                }
                continue;
            }
            request.authorize(permission.action(), permission.resourceArn(), owner, policy);
        }
    }

    /**
     * An export or import reads or writes S3 with the caller's permissions: the caller's identity-based policy and, for a
     * bucket of another account (a cross-account export), the bucket policy must allow them. The sandbox decides this before
     * the call (the service would fail the export later, with FailureCode S3AccessDenied).
     */
    private void authorizeS3(EdgeRequest request, String operation, byte[] body) {
        for (DynamoDbPermissions.S3Permission permission : DynamoDbPermissions.s3Required(operation, body)) {
            Optional<String> owner = buckets.bucketOwner(permission.bucket());
            if (owner.isEmpty()) {
                // no bucket: the engine fails the export (S3NoSuchBucket), as the service does
                continue;
            }
            Optional<String> policy = buckets.policy(permission.bucket());
            Caller caller = request.caller();
            if (owner.get().equals(caller.accountId()) && policy.isEmpty()) {
                if (!caller.isRoot()) {
                    request.authorize(permission.action(), permission.resourceArn());
                }
                continue;
            }
            request.authorize(permission.action(), permission.resourceArn(), owner.get(), policy);
        }
    }

    /** The account field of an ARN ("arn:aws:dynamodb:REGION:ACCOUNT:..."), or "" when there is none. */
    static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 6 ? parts[4] : "";
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }

    @Override
    public void close() {
        engine.close();
    }
}
