package dev.cutover.dynamodb.bench;

import dev.cutover.dynamodb.DynamoDbEngine;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Heap the engine holds per item: N items of about 300 bytes (DynamoDB's own size count) written in-process with
 * BatchWriteItem, heap measured after full GCs before and after. Run with the module's test class path:
 * {@code java -Xmx4g -cp ... dev.cutover.dynamodb.bench.EngineMemoryBench [items]} (default 1,000,000).
 */
public final class EngineMemoryBench {

    private EngineMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (DynamoDbEngine engine = DynamoDbEngine.builder().ttlSweepInterval(Duration.ZERO).build()) {
            call(engine, "CreateTable", "{\"TableName\":\"memory\",\"BillingMode\":\"PAY_PER_REQUEST\","
                    + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}]}");
            long before = usedHeap();
            long start = System.nanoTime();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < items; i += 25) {
                batch.setLength(0);
                batch.append("{\"RequestItems\":{\"memory\":[");
                for (int j = i; j < Math.min(items, i + 25); j++) {
                    if (j > i) {
                        batch.append(',');
                    }
                    batch.append("{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"item-").append(String.format("%09d", j)).append("\"},")
                            .append("\"customer\":{\"S\":\"customer#").append(j % 9973).append("\"},")
                            .append("\"status\":{\"S\":\"SHIPPED\"},\"currency\":{\"S\":\"EUR\"},")
                            .append("\"amount\":{\"N\":\"").append(j % 100_000).append(".95\"},")
                            .append("\"version\":{\"N\":\"1\"},")
                            .append("\"note\":{\"S\":\"a note of moderate length to give the item a realistic size for an order"
                                    + " record, with a few more words to reach the three hundred bytes that the benchmark wants"
                                    + " for each item it writes\"}}}}");
                }
                batch.append("]}}");
                call(engine, "BatchWriteItem", batch.toString());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedHeap();
            String describe = call(engine, "DescribeTable", "{\"TableName\":\"memory\"}");
            String size = describe.replaceAll(".*\"TableSizeBytes\":(\\d+).*", "$1");
            System.out.printf("items=%d tableSizeBytes=%s (%.0f bytes/item as DynamoDB counts) heapHeld=%d MB (%.0f bytes/item)"
                    + " write=%.0f items/s in-process%n", items, size, Double.parseDouble(size) / items, (after - before) >> 20,
                    (after - before) / (double) items, items / seconds);
        }
    }

    private static String call(DynamoDbEngine engine, String operation, String body) {
        DynamoDbEngine.Response r = engine.handle("111111111111", "us-east-1", operation, body.getBytes(StandardCharsets.UTF_8));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (r.status() != 200) {
            throw new IllegalStateException(operation + " failed: " + text);
        }
        return text;
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
