package dev.cutover.sandbox.internal.testedge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.sandbox.internal.dynamodb.DynamoDbServiceFactory;
import dev.cutover.sandbox.internal.sqs.SqsServiceFactory;
import java.net.URI;
import java.util.Map;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class ExploreTest {
    @Test
    void explore() throws Exception {
        long t0 = System.nanoTime();
        try (PassThroughEdge edge = new PassThroughEdge(new DynamoDbServiceFactory(), new SqsServiceFactory())) {
            System.out.println("start ms " + (System.nanoTime() - t0) / 1_000_000);
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "x"));
            DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(edge.endpoint())).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(creds).build();
            var created = ddb.createTable(b -> b.tableName("items").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
            System.out.println("arn " + created.tableDescription().tableArn());
            ddb.putItem(p -> p.tableName("items").item(Map.of("pk", AttributeValue.fromS("a"))));
            System.out.println(ddb.describeTable(b -> b.tableName("items")).table().tableArn());
            System.out.println(ddb.listTables().tableNames());
            SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(edge.endpoint())).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(creds).build();
            String url = sqs.createQueue(b -> b.queueName("jobs")).queueUrl();
            System.out.println("url " + url);
            System.out.println("arn " + sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes());
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("hi"));
            var msgs = sqs.receiveMessage(b -> b.queueUrl(url)).messages();
            System.out.println("msgs " + msgs);
            assertThat(msgs).hasSize(1);
            long t1 = System.nanoTime();
        }
    }
}
