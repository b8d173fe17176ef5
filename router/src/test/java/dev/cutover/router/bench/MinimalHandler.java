package dev.cutover.router.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfigdata.AppConfigDataClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The baseline of {@link InitBench}: a hand-written handler that builds the same SDK clients as the
 * router for the example configuration (STS with an AssumeRole provider for legacy; DynamoDB, SQS and
 * SSM for both accounts; AppConfigData; one url-connection HTTP client, standard retries) and answers
 * GET /items/{id} with the same GetItem on the legacy table. No configuration file, no route table,
 * no flags fetch, no log line: what a team would write without the router.
 */
public final class MinimalHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient legacyDynamoDb;
    private final String table;
    private final Object[] keepAlive;

    public MinimalHandler(Map<String, String> env) {
        Region region = Region.of(env.get("BENCH_REGION"));
        URI endpoint = URI.create(env.get("CUTOVER_ENDPOINT_URL"));
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(2)).build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(Duration.ofSeconds(2)).apiCallTimeout(Duration.ofSeconds(5)).build();
        AwsCredentialsProvider newAccount = DefaultCredentialsProvider.builder().build();
        StsClient sts = build(StsClient.builder(), region, endpoint, http, overrides, newAccount);
        AwsCredentialsProvider legacy = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(env.get("BENCH_ROLE_ARN")).externalId(env.get("BENCH_EXTERNAL_ID"))
                        .roleSessionName("minimal").durationSeconds(3600))
                .prefetchTime(Duration.ofMinutes(5)).staleTime(Duration.ofMinutes(1)).asyncCredentialUpdateEnabled(false).build();
        this.legacyDynamoDb = build(DynamoDbClient.builder(), region, endpoint, http, overrides, legacy);
        this.keepAlive = new Object[] {
            build(DynamoDbClient.builder(), region, endpoint, http, overrides, newAccount),
            build(SqsClient.builder(), region, endpoint, http, overrides, legacy),
            build(SqsClient.builder(), region, endpoint, http, overrides, newAccount),
            build(SsmClient.builder(), region, endpoint, http, overrides, legacy),
            build(SsmClient.builder(), region, endpoint, http, overrides, newAccount),
            build(AppConfigDataClient.builder(), region, endpoint, http, overrides, newAccount),
        };
        this.table = env.get("BENCH_TABLE");
    }

    private static <B extends AwsClientBuilder<B, C>, C> C build(AwsClientBuilder<B, C> builder, Region region, URI endpoint,
            SdkHttpClient http, ClientOverrideConfiguration overrides, AwsCredentialsProvider credentials) {
        B b = builder.region(region).endpointOverride(endpoint).credentialsProvider(credentials).overrideConfiguration(overrides);
        ((AwsSyncClientBuilder<?, ?>) b).httpClient(http);
        return b.build();
    }

    /** Clients held for the lifetime of the handler, as the router holds them. */
    int clientCount() {
        return keepAlive.length + 1;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        String path = event.path("rawPath").asText();
        String id = path.substring(path.lastIndexOf('/') + 1);
        Map<String, AttributeValue> item = legacyDynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))))
                .item();
        ObjectNode body = JSON.createObjectNode();
        ObjectNode out = body.putObject("item");
        item.forEach((k, v) -> {
            if (v.s() != null) {
                out.put(k, v.s());
            } else if (v.n() != null) {
                out.put(k, new java.math.BigDecimal(v.n()));
            }
        });
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", 200);
        response.putObject("headers").put("content-type", "application/json");
        response.put("body", body.toString());
        response.put("isBase64Encoded", false);
        JSON.writeValue(output, response);
    }
}
