package dev.cutover.sandbox.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.testedge.PassThroughEdge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

/** DynamoDB through the edge with the real SDK client: CRUD, GSI query, batch writes, parallel scan, isolation. */
class DynamoDbThroughEdgeTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";

    private static PassThroughEdge edge;
    private static DynamoDbClient legacy;
    private static DynamoDbClient fresh;

    @BeforeAll
    static void start() throws Exception {
        edge = new PassThroughEdge(new DynamoDbServiceFactory());
        legacy = edge.dynamoDb(LEGACY);
        fresh = edge.dynamoDb(NEW);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    private static String newTable(DynamoDbClient client) {
        String name = "orders-" + UUID.randomUUID();
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
}
