package dev.cutover.sandbox.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

class DynamoDbLocalServerTest {

    @Test
    void explore() {
        long t0 = System.nanoTime();
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start()) {
            System.out.println("start ms " + (System.nanoTime() - t0) / 1_000_000 + " at " + server.endpoint());
            DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "x"))).build();
            var created = ddb.createTable(b -> b.tableName("items").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
            System.out.println("arn " + created.tableDescription().tableArn());
            for (int i = 0; i < 1000; i++) {
                String key = "k" + i;
                ddb.putItem(p -> p.tableName("items").item(Map.of("pk", AttributeValue.fromS(key))));
            }
            Set<String> seen = new HashSet<>();
            int total = 0;
            for (int s = 0; s < 4; s++) {
                final int seg = s;
                Map<String, AttributeValue> start = null;
                do {
                    final Map<String, AttributeValue> st = start;
                    ScanResponse r = ddb.scan(b -> b.tableName("items").segment(seg).totalSegments(4).exclusiveStartKey(st));
                    System.out.println("seg " + seg + " count " + r.count());
                    total += r.count();
                    r.items().forEach(it -> seen.add(it.get("pk").s()));
                    start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                } while (start != null);
            }
            System.out.println("total " + total + " distinct " + seen.size());
            assertThat(seen).hasSize(1000);
        }
    }
}
