package dev.cutover.sandbox.bench;

import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.dynalite.Dynalite;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
 * GetItem and Query latency, p50 and p99, one client thread, through the sandbox edge (SigV4, IAM, the engine) and against
 * dynalite in the same run, rounds interleaved. The table holds 20,000 items of about 250 bytes in 1,000 partitions of 20;
 * each Query reads one whole partition (20 items). Run like {@link StartupBench}, class
 * dev.cutover.sandbox.bench.EdgeLatencyBench [requestsPerRound] [rounds].
 */
public final class EdgeLatencyBench {

    private static final int PARTITIONS = 1_000;
    private static final int PER_PARTITION = 20;

    private EdgeLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var root = StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "sandbox-root-secret-111111111111"));
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                Dynalite dynalite = Dynalite.start();
                DynamoDbClient edge = client(sandbox.endpoint(), root);
                DynamoDbClient reference = client(dynalite.endpoint(), root)) {
            seed(edge);
            seed(reference);
            measure("warm-up edge", edge, requests / 4);
            measure("warm-up dynalite", reference, requests / 4);
            for (int round = 0; round < rounds; round++) {
                measure("round " + round + " dynalite", reference, requests);
                measure("round " + round + " edge", edge, requests);
            }
        }
    }

    private static DynamoDbClient client(URI endpoint, StaticCredentialsProvider credentials) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void seed(DynamoDbClient client) {
        client.createTable(b -> b.tableName("latency").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
        List<WriteRequest> batch = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int s = 0; s < PER_PARTITION; s++) {
                Map<String, AttributeValue> item = new HashMap<>();
                item.put("pk", AttributeValue.fromS("customer#" + p));
                item.put("sk", AttributeValue.fromN(Integer.toString(s)));
                item.put("status", AttributeValue.fromS("SHIPPED"));
                item.put("note", AttributeValue.fromS("a note of moderate length to give the item a realistic size, about so"));
                item.put("sku", AttributeValue.fromS("sku-" + (s * 31 % 1234)));
                item.put("amount", AttributeValue.fromN(Integer.toString(p * s % 10_000)));
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == 25) {
                    List<WriteRequest> send = List.copyOf(batch);
                    client.batchWriteItem(b -> b.requestItems(Map.of("latency", send)));
                    batch.clear();
                }
            }
        }
    }

    private static void measure(String label, DynamoDbClient client, int requests) {
        long[] get = new long[requests];
        long[] query = new long[requests];
        for (int i = 0; i < requests; i++) {
            String pk = "customer#" + (i * 7919 % PARTITIONS);
            long t0 = System.nanoTime();
            client.getItem(b -> b.tableName("latency").key(Map.of("pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromN(Integer.toString(7)))));
            long t1 = System.nanoTime();
            int n = client.query(b -> b.tableName("latency").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk)))).count();
            long t2 = System.nanoTime();
            if (n != PER_PARTITION) {
                throw new IllegalStateException("query returned " + n + " items, expected " + PER_PARTITION);
            }
            get[i] = t1 - t0;
            query[i] = t2 - t1;
        }
        System.out.printf("%s: GetItem p50=%.0f us p99=%.0f us | Query(20 items) p50=%.0f us p99=%.0f us%n", label,
                percentile(get, 50), percentile(get, 99), percentile(query, 50), percentile(query, 99));
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1_000.0;
    }
}
