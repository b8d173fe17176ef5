package dev.cutover.migrations.bench;

import dev.cutover.migrations.TestWorld;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The items of the DynamoDB benchmarks (string key "id", 200-400 bytes each as DynamoDB sizes them) and the
 * bare writer: THREADS threads taking the next 25 item numbers from a shared counter and sending them as one
 * BatchWriteItem, resending UnprocessedItems at once. No rate limit, no checkpoint, no backoff: the write ceiling
 * the copy is compared with, and the seeder.
 */
final class BenchItems {
    static final int BATCH = 25;

    private BenchItems() {
    }

    static Map<String, AttributeValue> item(int i) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(String.format("item-%08d", i)));
        item.put("owner", AttributeValue.fromS("owner-" + (i % 97)));
        item.put("price", AttributeValue.fromN((i % 1000) + "." + (i % 100)));
        item.put("version", AttributeValue.fromN(Integer.toString(1 + i % 5)));
        item.put("tags", AttributeValue.fromSs(List.of("t" + (i % 7), "t" + (i % 11 + 20))));
        item.put("payload", AttributeValue.fromS("x".repeat(140 + i % 200)));
        return item;
    }

    static void createTable(DynamoDbClient client, String name) {
        client.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    /** Writes items {@code 0..count-1} into {@code table} from {@code threads} threads; returns items per second. */
    static double write(DynamoDbClient client, String table, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int from = next.getAndAdd(BATCH); from < count; from = next.getAndAdd(BATCH)) {
                        List<WriteRequest> batch = new ArrayList<>(BATCH);
                        for (int i = from; i < Math.min(count, from + BATCH); i++) {
                            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i)).build()).build());
                        }
                        TestWorld.writeUntilProcessed(client, table, batch);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }
}
