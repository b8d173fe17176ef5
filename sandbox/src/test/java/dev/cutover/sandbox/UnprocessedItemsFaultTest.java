package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The UnprocessedItems fault through the edge, seen by the real SDK client (which checks the CRC32 too). */
class UnprocessedItemsFaultTest {

    private static final String LEGACY = "111111111111";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void client() {
        dynamoDb = DynamoDbTest.dynamoDb(SANDBOX.sandbox(), TestClients.root(SANDBOX.sandbox(), LEGACY));
    }

    @Test
    void unprocessedItems_allOfThem_returnsEveryRequestAndWritesNothing(Sandbox sandbox) {
        String table = table();
        List<WriteRequest> batch = batch(10);
        sandbox.faults().unprocessedItems("dynamodb", 1.0);

        BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));

        assertThat(response.unprocessedItems()).containsOnlyKeys(table);
        assertThat(response.unprocessedItems().get(table)).containsExactlyInAnyOrderElementsOf(batch);
        sandbox.faults().clear();
        assertThat(ids(table)).isEmpty();
    }

    @Test
    void unprocessedItems_half_writesExactlyTheRequestsNotReturned(Sandbox sandbox) {
        String table = table();
        sandbox.faults().unprocessedItems("dynamodb", 0.5);
        Set<String> expected = new TreeSet<>();
        int returned = 0;
        int sent = 0;
        for (int call = 0; call < 8; call++) {
            List<WriteRequest> batch = batch(25);
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            assertThat(batch).containsAll(unprocessed);
            for (WriteRequest w : batch) {
                if (!unprocessed.contains(w)) {
                    expected.add(w.putRequest().item().get("id").s());
                }
            }
            returned += unprocessed.size();
            sent += batch.size();
        }
        sandbox.faults().clear();

        // Binomial(200, 0.5): outside 60..140 with probability below 1e-8.
        assertThat(returned).isBetween(60, 140);
        assertThat(ids(table)).isEqualTo(expected).hasSize(sent - returned);
    }

    @Test
    void clear_removesTheFault(Sandbox sandbox) {
        String table = table();
        sandbox.faults().unprocessedItems("dynamodb", 1.0);
        sandbox.faults().clear();

        BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, batch(5))));

        assertThat(response.unprocessedItems()).isEmpty();
        assertThat(ids(table)).hasSize(5);
    }

    @Test
    void unprocessedItems_onAnotherServiceOrOutOfRange_isRefused(Sandbox sandbox) {
        assertThatThrownBy(() -> sandbox.faults().unprocessedItems("sqs", 0.5)).isInstanceOf(SandboxException.class)
                .hasMessageContaining("dynamodb");
        assertThatThrownBy(() -> sandbox.faults().unprocessedItems("dynamodb", 1.5)).isInstanceOf(SandboxException.class)
                .hasMessageContaining("1.5");
    }

    private static String table() {
        String name = "unprocessed-" + UUID.randomUUID();
        dynamoDb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        return name;
    }

    private static List<WriteRequest> batch(int size) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", AttributeValue.fromS(UUID.randomUUID()
                    .toString()), "n", AttributeValue.fromN(Integer.toString(i)))).build()).build());
        }
        return batch;
    }

    private static Set<String> ids(String table) {
        Set<String> ids = new TreeSet<>();
        dynamoDb.scanPaginator(r -> r.tableName(table)).items().forEach(item -> ids.add(item.get("id").s()));
        return ids;
    }
}
