package dev.cutover.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SQS query-protocol requests (form body with Action=..., as the AWS CLI sends them), signed with the
 * SDK's own SigV4 signer and sent with java.net.http: SDK v2's SqsClient only speaks JSON.
 */
final class QueryRequests {

    /** Headers java.net.http sets itself and refuses to take. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    record Answer(int status, String body) {
    }

    private final Sandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    QueryRequests(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    Answer send(String accountId, String path, String form) throws IOException, InterruptedException {
        URI uri = sandbox.endpoint().resolve(path);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accountId, sandbox.rootSecretKey(accountId)))
                .request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(form))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, sandbox.region()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(form));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body());
    }
}
