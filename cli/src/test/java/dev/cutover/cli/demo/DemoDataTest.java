package dev.cutover.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.sandbox.SandboxSeeder;
import dev.cutover.cli.sandbox.ShopWorker;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The demo's two data checks against real tables in the sandbox (SDK clients over HTTP): a stale read is found and
 * measured, a lost write is named; and neither fires when the data is right. These are what make the demo exit non-zero.
 */
class DemoDataTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    static DynamoDbClient legacy;
    static DynamoDbClient fresh;

    @BeforeAll
    static void tables() {
        Sandbox sandbox = SANDBOX.sandbox();
        legacy = SandboxSeeder.client(DynamoDbClient.builder(), sandbox, sandbox.legacyAccountId());
        fresh = SandboxSeeder.client(DynamoDbClient.builder(), sandbox, sandbox.newAccountId());
        for (DynamoDbClient c : List.of(legacy, fresh)) {
            for (String name : List.of("stale-items", "lost-items")) {
                c.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            }
        }
    }

    @AfterAll
    static void close() {
        legacy.close();
        fresh.close();
    }

    @Test
    void staleness_whenNewAnswersOlderDataThanLegacyHeld_isTheTimeSinceLegacyAppliedTheChangeItLacks() {
        // GIVEN legacy holds item 1 at seq 5 (applied at t0) and has deleted item 2 (at t0)
        Instant t0 = Instant.parse("2026-12-02T18:00:00Z");
        put(legacy, "stale-items", "item-000001", 5, "500");
        Map<String, Map<Long, ShopWorker.Applied>> applied = Map.of(
                "item-000001", Map.of(5L, new ShopWorker.Applied(5, false, t0)),
                "item-000002", Map.of(7L, new ShopWorker.Applied(7, true, t0)));
        DemoData data = new DemoData(10, legacy, "stale-items", id -> applied.getOrDefault(id, Map.of()));
        TrafficDriver.RequestKind getItem = TrafficDriver.exampleMix(10, List.of("currency"), data::nextSeq).get(0);
        long answeredAt = t0.toEpochMilli() + 1500;

        // WHEN new answers seq 4 for item 1, seq 5 for item 1, and still has item 2
        long older = data.staleness(getItem, 1, data.beforeRead(getItem, 1), 200, body("item-000001", 4), answeredAt);
        long same = data.staleness(getItem, 1, data.beforeRead(getItem, 1), 200, body("item-000001", 5), answeredAt);
        long deleted = data.staleness(getItem, 2, data.beforeRead(getItem, 2), 200, body("item-000002", 3), answeredAt);
        long missing = data.staleness(getItem, 1, data.beforeRead(getItem, 1), 404, "{\"message\":\"item not found\"}", answeredAt);

        // THEN
        assertThat(older).as("stale since legacy applied seq 5").isEqualTo(1500);
        assertThat(same).as("not stale").isEqualTo(-1);
        assertThat(deleted).as("stale since legacy deleted it").isEqualTo(1500);
        assertThat(missing).as("new lacks an item legacy holds and no client deleted it").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void lostWrites_whenTheTableMissesAcceptedWrites_namesEachOne_andNoneOnceItHoldsThem() {
        DemoData data = new DemoData(10, legacy, "lost-items", id -> Map.of());
        List<TrafficDriver.RequestKind> mix = TrafficDriver.exampleMix(10, List.of("currency"), data::nextSeq);
        TrafficDriver.RequestKind createOrder = mix.get(3);
        TrafficDriver.RequestKind updateItem = mix.get(4);
        data.accepted(updateItem, 1, "{\"price\":200,\"seq\":2}", "{}");
        data.accepted(updateItem, 1, "{\"price\":150,\"seq\":1}", "{}");
        data.accepted(updateItem, 2, "{\"remove\":true,\"seq\":3}", "{}");
        data.accepted(updateItem, 3, "{\"price\":300,\"seq\":4}", "{}");
        data.accepted(createOrder, 4, "{\"customerId\":\"c\",\"sku\":\"item-000004\",\"quantity\":1}", "{\"idempotencyKey\":\"k1\"}");
        put(fresh, "lost-items", "item-000001", 1, "150");
        put(fresh, "lost-items", "item-000002", 0, "100");
        put(fresh, "lost-items", "item-000003", 4, "300");

        List<String> lost = data.lostWrites(fresh, "lost-items", 10);

        assertThat(lost).hasSize(3);
        assertThat(lost.get(0) + lost.get(1) + lost.get(2)).contains("item-000001 holds seq 1", "item-000002 was deleted",
                "order-k1 is missing").doesNotContain("item-000003");

        put(fresh, "lost-items", "item-000001", 2, "200");
        fresh.deleteItem(r -> r.tableName("lost-items").key(Map.of("id", AttributeValue.fromS("item-000002"))));
        fresh.putItem(r -> r.tableName("lost-items").item(Map.of("id", AttributeValue.fromS("order-k1"))));
        assertThat(data.lostWrites(fresh, "lost-items", 10)).isEmpty();
    }

    private static void put(DynamoDbClient client, String table, String id, long seq, String price) {
        client.putItem(r -> r.tableName(table).item(Map.of("id", AttributeValue.fromS(id), "seq", AttributeValue.fromN(Long.toString(seq)),
                "price", AttributeValue.fromN(price))));
    }

    private static String body(String id, long seq) {
        return "{\"item\":{\"id\":\"" + id + "\",\"seq\":" + seq + ",\"price\":100}}";
    }
}
