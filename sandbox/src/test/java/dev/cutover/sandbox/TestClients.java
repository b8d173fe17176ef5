package dev.cutover.sandbox;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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

    static StsClient sts(Sandbox sandbox, AwsCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(sandbox.endpoint())
                .region(Region.of(sandbox.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static StsClient rootSts(Sandbox sandbox, String accountId) {
        return sts(sandbox, root(sandbox, accountId));
    }
}
