package dev.cutover.sandbox;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Real SDK clients pointed at a sandbox; retries off so each test sees the edge's first answer. */
final class TestClients {

    private TestClients() {
    }

    static AwsCredentialsProvider root(Sandbox sandbox, String accountId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, sandbox.rootSecretKey(accountId)));
    }

    static AwsCredentialsProvider session(Credentials credentials) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken()));
    }

    static AwsCredentialsProvider session(AssumeRoleResponse response) {
        return session(response.credentials());
    }

    /** Points any SDK client builder at the sandbox: endpoint, region, credentials, URL connection client, no retries. */
    static <B extends AwsClientBuilder<B, C>, C> C build(B builder, Sandbox sandbox, AwsCredentialsProvider credentials) {
        return builder
                .endpointOverride(sandbox.endpoint())
                .region(Region.of(sandbox.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static StsClient sts(Sandbox sandbox, AwsCredentialsProvider credentials) {
        return build(StsClient.builder().httpClient(UrlConnectionHttpClient.create()), sandbox, credentials);
    }

    static DynamoDbStreamsClient dynamoDbStreams(Sandbox sandbox, AwsCredentialsProvider credentials) {
        return build(DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()), sandbox, credentials);
    }

    static StsClient rootSts(Sandbox sandbox, String accountId) {
        return sts(sandbox, root(sandbox, accountId));
    }
}
