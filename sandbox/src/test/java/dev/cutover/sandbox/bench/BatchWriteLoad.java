package dev.cutover.sandbox.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem load against one endpoint: THREADS threads, each sending full batches of 25 items of
 * the same shape (string key, number sort key, 5 string attributes, one number) to one table, until a deadline.
 * The same SDK client code runs against the edge and straight against dynalite (the reference implementation).
 */
final class BatchWriteLoad implements AutoCloseable {

    static final int BATCH = 25;

    private final DynamoDbClient client;
    private final String table;
    private final AtomicLong sequence = new AtomicLong();

    BatchWriteLoad(URI endpoint, AwsCredentialsProvider credentials, String table) {
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.table = table;
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
    }

    /** Items written per second by {@code threads} threads over {@code millis}. */
    double run(int threads, long millis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            long start = System.nanoTime();
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    long written = 0;
                    while (System.nanoTime() < deadline) {
                        written += writeOneBatch();
                    }
                    return written;
                }));
            }
            long items = 0;
            for (Future<Long> result : results) {
                items += result.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return items / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    private int writeOneBatch() {
        List<WriteRequest> writes = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            long n = sequence.incrementAndGet();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("order#" + (n % 5000)));
            item.put("sk", AttributeValue.fromN(Long.toString(n)));
            item.put("customer", AttributeValue.fromS("customer#" + (n % 97)));
            item.put("status", AttributeValue.fromS("SHIPPED"));
            item.put("currency", AttributeValue.fromS("EUR"));
            item.put("note", AttributeValue.fromS("a note of moderate length to give the item a realistic size"));
            item.put("sku", AttributeValue.fromS("sku-" + (n % 1234)));
            item.put("amount", AttributeValue.fromN(Long.toString(n % 10_000)));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        var response = client.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        int unprocessed = response.unprocessedItems().getOrDefault(table, List.of()).size();
        return BATCH - unprocessed;
    }

    @Override
    public void close() {
        client.close();
    }
}
