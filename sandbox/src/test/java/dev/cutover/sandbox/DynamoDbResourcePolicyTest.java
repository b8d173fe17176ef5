package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetResourcePolicyResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Resource-based policies through the edge with the real SDK v2 clients: a role of the new account reads the legacy
 * account's stream and table only when the resource's policy names it (and its own policy allows it), never past an
 * explicit Deny; and Put/Get/DeleteResourcePolicy with their errors.
 */
class DynamoDbResourcePolicyTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final String TABLES = "arn:aws:dynamodb:us-east-1:" + LEGACY + ":table/";
    /** The identity side: both roles of the new account may read any legacy stream and item. */
    private static final String READ_LEGACY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords",
                 "dynamodb:GetItem"], "Resource": ["%1$s*/stream/*", "%1$s*"]}]}""".formatted(TABLES);
    private static final String REPLICATOR = "arn:aws:iam::" + NEW + ":role/replicator";
    private static final String OTHER = "arn:aws:iam::" + NEW + ":role/other";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .role(IamRole.builder().accountId(NEW).name("replicator").trustAccount(NEW).inlinePolicy("ReadLegacy", READ_LEGACY).build())
            .role(IamRole.builder().accountId(NEW).name("other").trustAccount(NEW).inlinePolicy("ReadLegacy", READ_LEGACY).build())
            .build());

    private static DynamoDbClient legacy;
    private static DynamoDbClient replicatorTables;
    private static DynamoDbStreamsClient replicatorStreams;
    private static DynamoDbStreamsClient otherStreams;

    @BeforeAll
    static void clients() {
        Sandbox sandbox = SANDBOX.sandbox();
        legacy = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, LEGACY));
        AwsCredentialsProvider replicator = session(REPLICATOR);
        replicatorTables = DynamoDbTest.dynamoDb(sandbox, replicator);
        replicatorStreams = streams(replicator);
        otherStreams = streams(session(OTHER));
    }

    private static AwsCredentialsProvider session(String roleArn) {
        Sandbox sandbox = SANDBOX.sandbox();
        return TestClients.session(TestClients.rootSts(sandbox, NEW).assumeRole(b -> b.roleArn(roleArn).roleSessionName("cdc")));
    }

    private static DynamoDbStreamsClient streams(AwsCredentialsProvider credentials) {
        return TestClients.dynamoDbStreams(SANDBOX.sandbox(), credentials);
    }

    /** A legacy table with a stream and one item written; returns {tableArn, streamArn}. */
    private static String[] legacyTableWithOneChange() {
        String name = "orders-" + UUID.randomUUID();
        var table = legacy.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
                .tableDescription();
        legacy.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("o-1"), "status", AttributeValue.fromS("NEW"))));
        return new String[] {table.tableArn(), table.latestStreamArn()};
    }

    private static String policy(String effect, String principalArn, String resourceArn, String... actions) {
        List<String> named = actions.length == 0 ? List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords")
                : List.of(actions);
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "%s", "Principal": {"AWS": "%s"},
                  "Action": ["%s"], "Resource": "%s"}]}""".formatted(effect, principalArn, String.join("\", \"", named), resourceArn);
    }

    private static String streamPolicy(String effect, String principalArn, String streamArn) {
        return policy(effect, principalArn, streamArn);
    }

    /** DescribeStream, GetShardIterator (TRIM_HORIZON) and GetRecords on the stream's first shard. */
    private static List<Record> readStream(DynamoDbStreamsClient client, String streamArn) {
        String shardId = client.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
        String iterator = client.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return client.getRecords(b -> b.shardIterator(iterator)).records();
    }

    @Test
    void readStream_crossAccountWithoutResourcePolicy_isDenied() {
        String streamArn = legacyTableWithOneChange()[1];

        assertThatThrownBy(() -> readStream(replicatorStreams, streamArn))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"))
                .hasMessageContaining("User: arn:aws:sts::" + NEW + ":assumed-role/replicator/cdc is not authorized to perform:"
                        + " dynamodb:DescribeStream on resource: " + streamArn
                        + " because no resource-based policy allows the dynamodb:DescribeStream action");
    }

    @Test
    void readStream_streamPolicyNamingTheRole_readsTheOtherAccountsRecords() {
        String streamArn = legacyTableWithOneChange()[1];
        legacy.putResourcePolicy(b -> b.resourceArn(streamArn).policy(streamPolicy("Allow", REPLICATOR, streamArn)));

        List<Record> records = readStream(replicatorStreams, streamArn);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).dynamodb().newImage()).containsEntry("status", AttributeValue.fromS("NEW"));
    }

    @Test
    void readStream_streamPolicyNamingAnotherRole_isDenied() {
        String streamArn = legacyTableWithOneChange()[1];
        legacy.putResourcePolicy(b -> b.resourceArn(streamArn).policy(streamPolicy("Allow", REPLICATOR, streamArn)));

        assertThatThrownBy(() -> readStream(otherStreams, streamArn))
                .hasMessageContaining("assumed-role/other/cdc is not authorized to perform: dynamodb:DescribeStream")
                .hasMessageContaining("because no resource-based policy allows the dynamodb:DescribeStream action");
    }

    @Test
    void getRecords_explicitDenyInTheStreamPolicy_isDeniedAfterTheIteratorWasIssued() {
        String streamArn = legacyTableWithOneChange()[1];
        String allowAllButRecords = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "%1$s"}, "Action": "dynamodb:*", "Resource": "%2$s"},
                  {"Effect": "Deny", "Principal": {"AWS": "%3$s"}, "Action": "dynamodb:GetRecords", "Resource": "%2$s"}]}"""
                .formatted(REPLICATOR, streamArn, NEW);
        legacy.putResourcePolicy(b -> b.resourceArn(streamArn).policy(allowAllButRecords));
        String shardId = replicatorStreams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
        String iterator = replicatorStreams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

        assertThatThrownBy(() -> replicatorStreams.getRecords(b -> b.shardIterator(iterator)))
                .hasMessageContaining("is not authorized to perform: dynamodb:GetRecords on resource: " + streamArn
                        + " with an explicit deny in a resource-based policy");
    }

    @Test
    void getItem_byTableArn_needsTheTablesPolicyNotTheStreams() {
        String[] arns = legacyTableWithOneChange();
        String tableArn = arns[0];
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("o-1"));
        legacy.putResourcePolicy(b -> b.resourceArn(arns[1]).policy(streamPolicy("Allow", REPLICATOR, arns[1])));

        assertThatThrownBy(() -> replicatorTables.getItem(b -> b.tableName(tableArn).key(key)))
                .hasMessageContaining("dynamodb:GetItem on resource: " + tableArn
                        + " because no resource-based policy allows the dynamodb:GetItem action");

        legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy(policy("Allow", REPLICATOR, tableArn, "dynamodb:GetItem")));
        assertThat(replicatorTables.getItem(b -> b.tableName(tableArn).key(key)).item())
                .containsEntry("status", AttributeValue.fromS("NEW"));

        legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy(policy("Deny", NEW, tableArn, "dynamodb:GetItem")));
        assertThatThrownBy(() -> replicatorTables.getItem(b -> b.tableName(tableArn).key(key)))
                .hasMessageContaining("with an explicit deny in a resource-based policy");
    }

    @Test
    void resourcePolicy_putGetDelete_roundTripsWithRevisions() {
        String tableArn = legacyTableWithOneChange()[0];
        String document = policy("Allow", REPLICATOR, tableArn, "dynamodb:GetItem");

        String revision = legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy(document)).revisionId();
        GetResourcePolicyResponse got = legacy.getResourcePolicy(b -> b.resourceArn(tableArn));
        String again = legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy(document).expectedRevisionId(revision))
                .revisionId();
        String deleted = legacy.deleteResourcePolicy(b -> b.resourceArn(tableArn).expectedRevisionId(revision)).revisionId();

        assertThat(got.policy()).isEqualTo(document);
        assertThat(got.revisionId()).isEqualTo(revision);
        assertThat(again).isEqualTo(revision);
        assertThat(deleted).isEqualTo(revision);
        assertThatThrownBy(() -> legacy.getResourcePolicy(b -> b.resourceArn(tableArn))).isInstanceOf(PolicyNotFoundException.class);
    }

    @Test
    void resourcePolicy_errors_areTheServicesExceptions() {
        String tableArn = legacyTableWithOneChange()[0];
        String document = policy("Allow", REPLICATOR, tableArn, "dynamodb:GetItem");
        legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy(document));

        assertThatThrownBy(() -> legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy(document).expectedRevisionId("42")))
                .isInstanceOf(PolicyNotFoundException.class);
        assertThatThrownBy(() -> legacy.deleteResourcePolicy(b -> b.resourceArn(tableArn).expectedRevisionId("42")))
                .isInstanceOf(PolicyNotFoundException.class);
        assertThatThrownBy(() -> legacy.putResourcePolicy(b -> b.resourceArn(TABLES + "missing").policy(document)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy(document.replace("\"Principal\": {\"AWS\": \""
                + REPLICATOR + "\"},", ""))))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("has no Principal");
    }

    @Test
    void getItem_ownAccountRootDeniedByTheTablePolicy_isRefusedButMayStillDeleteThePolicy() {
        String tableArn = legacyTableWithOneChange()[0];
        String name = tableArn.substring(TABLES.length());
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("o-1"));
        legacy.putResourcePolicy(b -> b.resourceArn(tableArn).policy("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "%s"},
                  "Action": ["dynamodb:GetItem", "dynamodb:DeleteResourcePolicy"], "Resource": "%s"}]}""".formatted(LEGACY, tableArn)));

        assertThatThrownBy(() -> legacy.getItem(b -> b.tableName(name).key(key)))
                .hasMessageContaining("User: arn:aws:iam::" + LEGACY + ":root is not authorized to perform: dynamodb:GetItem on resource: "
                        + tableArn + " with an explicit deny in a resource-based policy");

        legacy.deleteResourcePolicy(b -> b.resourceArn(tableArn));
        assertThat(legacy.getItem(b -> b.tableName(name).key(key)).item()).containsEntry("status", AttributeValue.fromS("NEW"));
    }

    @Test
    void putResourcePolicy_fromTheOtherAccountWithoutPermission_isDenied() {
        String tableArn = legacyTableWithOneChange()[0];

        assertThatThrownBy(() -> replicatorTables.putResourcePolicy(b -> b.resourceArn(tableArn)
                .policy(policy("Allow", REPLICATOR, tableArn, "dynamodb:*"))))
                .hasMessageContaining("is not authorized to perform: dynamodb:PutResourcePolicy on resource: " + tableArn);
    }
}
