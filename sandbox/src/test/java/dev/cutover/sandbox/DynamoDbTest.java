package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB through the edge with the real SDK client: CRUD, GSI query, batch writes, parallel scan,
 * account isolation and IAM through an assumed role.
 */
class DynamoDbTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final String TABLES = "arn:aws:dynamodb:us-east-1:" + LEGACY + ":table/";
    private static final String READER_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchWriteItem"],
               "Resource": "%sreadable-*"},
              {"Effect": "Deny", "Action": "dynamodb:Query", "Resource": "%s*/index/*"}]}""".formatted(TABLES, TABLES);

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .role(IamRole.builder().accountId(LEGACY).name("reader").trustAccount(LEGACY).inlinePolicy("Read", READER_POLICY).build())
            .build());

    private static DynamoDbClient legacy;
    private static DynamoDbClient fresh;

    @BeforeAll
    static void clients() {
        Sandbox sandbox = SANDBOX.sandbox();
        legacy = dynamoDb(sandbox, TestClients.root(sandbox, LEGACY));
        fresh = dynamoDb(sandbox, TestClients.root(sandbox, NEW));
    }

    static DynamoDbClient dynamoDb(Sandbox sandbox, AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder()
                .endpointOverride(sandbox.endpoint())
                .region(Region.of(sandbox.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static DynamoDbClient readerSession(Sandbox sandbox) {
        var assumed = TestClients.rootSts(sandbox, LEGACY).assumeRole(b -> b.roleArn("arn:aws:iam::" + LEGACY + ":role/reader")
                .roleSessionName("test"));
        return dynamoDb(sandbox, TestClients.session(assumed));
    }

    private static String newTable(DynamoDbClient client) {
        return newTable(client, "orders-");
    }

    private static String newTable(DynamoDbClient client, String prefix) {
        String name = prefix + UUID.randomUUID();
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("customer").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("byCustomer")
                        .keySchema(k -> k.attributeName("customer").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        return name;
    }

    private static Map<String, AttributeValue> item(String pk, int sk, String customer) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(sk)),
                "customer", AttributeValue.fromS(customer));
    }

    @Test
    void crud_putGetUpdateDelete_roundTrips() {
        String table = newTable(legacy);
        legacy.putItem(b -> b.tableName(table).item(item("o1", 1, "c1")));

        legacy.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("o1"), "sk", AttributeValue.fromN("1")))
                .updateExpression("SET amount = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromN("42"))));
        Map<String, AttributeValue> read = legacy.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("o1"), "sk", AttributeValue.fromN("1")))).item();
        assertThat(read.get("amount").n()).isEqualTo("42");
        assertThat(read.get("customer").s()).isEqualTo("c1");

        legacy.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("o1"), "sk", AttributeValue.fromN("1"))));
        assertThat(legacy.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("o1"), "sk", AttributeValue.fromN("1")))).hasItem()).isFalse();
    }

    @Test
    void query_onGlobalSecondaryIndex_returnsOnlyThatCustomer() {
        String table = newTable(legacy);
        legacy.putItem(b -> b.tableName(table).item(item("o1", 1, "alice")));
        legacy.putItem(b -> b.tableName(table).item(item("o2", 1, "bob")));
        legacy.putItem(b -> b.tableName(table).item(item("o3", 2, "alice")));

        List<String> orders = legacy.query(b -> b.tableName(table).indexName("byCustomer")
                .keyConditionExpression("customer = :c").expressionAttributeValues(Map.of(":c", AttributeValue.fromS("alice"))))
                .items().stream().map(i -> i.get("pk").s()).sorted().toList();

        assertThat(orders).containsExactly("o1", "o3");
    }

    @Test
    void batchWriteItem_25Items_allStored() {
        String table = newTable(legacy);
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("b" + i, i, "c")).build()).build());
        }
        var response = legacy.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));

        assertThat(response.unprocessedItems()).isEmpty();
        assertThat(legacy.scan(b -> b.tableName(table)).count()).isEqualTo(25);
    }

    @Test
    void scan_fourSegmentsOver1000Items_partitionTheTable() {
        String table = "scan-" + UUID.randomUUID();
        legacy.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
        for (int batch = 0; batch < 40; batch++) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int n = batch * 25 + i;
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("p" + n, n, "c")).build()).build());
            }
            legacy.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        }

        List<Set<String>> segments = new ArrayList<>();
        for (int segment = 0; segment < 4; segment++) {
            segments.add(scanSegment(table, segment, 4));
        }

        Set<String> union = new HashSet<>();
        segments.forEach(union::addAll);
        assertThat(segments.stream().mapToInt(Set::size).sum()).as("no item in two segments").isEqualTo(1000);
        assertThat(union).hasSize(1000);
        assertThat(segments).allSatisfy(s -> assertThat(s).as("every segment gets a share").isNotEmpty());
    }

    private static Set<String> scanSegment(String table, int segment, int total) {
        Set<String> keys = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = legacy.scan(b -> b.tableName(table).segment(segment).totalSegments(total).limit(100)
                    .exclusiveStartKey(from));
            page.items().forEach(i -> assertThat(keys.add(i.get("pk").s())).as("duplicate within a segment").isTrue());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    @Test
    void createTable_arnCarriesTheOwningAccountAndRegion() {
        String table = newTable(fresh);
        TableDescription described = fresh.describeTable(b -> b.tableName(table)).table();

        assertThat(described.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:" + NEW + ":table/" + table);
        assertThat(described.globalSecondaryIndexes().get(0).indexArn())
                .isEqualTo("arn:aws:dynamodb:us-east-1:" + NEW + ":table/" + table + "/index/byCustomer");
    }

    @Test
    void accounts_doNotSeeEachOthersTables() {
        String table = newTable(legacy);

        assertThat(legacy.listTables().tableNames()).contains(table);
        assertThat(fresh.listTables().tableNames()).doesNotContain(table);
        assertThatThrownBy(() -> fresh.describeTable(b -> b.tableName(table))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void describeTable_byAnotherAccountsArn_isAccessDenied() {
        String table = newTable(legacy);
        String arn = "arn:aws:dynamodb:us-east-1:" + LEGACY + ":table/" + table;

        assertThat(legacy.describeTable(b -> b.tableName(arn)).table().tableName()).isEqualTo(table);
        assertThatThrownBy(() -> fresh.describeTable(b -> b.tableName(arn)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void assumedRole_seesTheTablesOfItsAccountsRoot(Sandbox sandbox) {
        String table = newTable(legacy, "readable-");
        legacy.putItem(b -> b.tableName(table).item(item("o1", 1, "alice")));

        Map<String, AttributeValue> read = readerSession(sandbox).getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("o1"), "sk", AttributeValue.fromN("1")))).item();

        assertThat(read.get("customer").s()).isEqualTo("alice");
    }

    @Test
    void assumedRole_actionOutsideItsPolicy_isAccessDenied(Sandbox sandbox) {
        String table = newTable(legacy, "readable-");

        assertThatThrownBy(() -> readerSession(sandbox).putItem(b -> b.tableName(table).item(item("o1", 1, "alice"))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.getMessage()).contains("dynamodb:PutItem", TABLES + table);
                });
    }

    @Test
    void assumedRole_queryOnDeniedIndex_isAccessDeniedOnTheIndexArn(Sandbox sandbox) {
        String table = newTable(legacy, "readable-");
        DynamoDbClient reader = readerSession(sandbox);

        assertThat(reader.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("o1")))).count()).isZero();
        assertThatThrownBy(() -> reader.query(b -> b.tableName(table).indexName("byCustomer").keyConditionExpression("customer = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("alice")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.getMessage())
                        .contains("dynamodb:Query", TABLES + table + "/index/byCustomer"));
    }

    @Test
    void assumedRole_batchWriteTouchingOneForbiddenTable_isAccessDenied(Sandbox sandbox) {
        String allowed = newTable(legacy, "readable-");
        String forbidden = newTable(legacy, "secret-");
        WriteRequest put = WriteRequest.builder().putRequest(PutRequest.builder().item(item("o1", 1, "c")).build()).build();
        DynamoDbClient reader = readerSession(sandbox);

        assertThat(reader.batchWriteItem(b -> b.requestItems(Map.of(allowed, List.of(put)))).unprocessedItems()).isEmpty();
        assertThatThrownBy(() -> reader.batchWriteItem(b -> b.requestItems(Map.of(allowed, List.of(put), forbidden, List.of(put)))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.getMessage()).contains(TABLES + forbidden));
        assertThat(legacy.scan(b -> b.tableName(forbidden)).count()).isZero();
    }
}
