package dev.cutover.cli.demo;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.RouteAuth;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs an API client's requests to the {@code auth: iam} routes as API Gateway's IAM authorizer expects: SigV4 for service
 * {@code execute-api} in the configuration's region, with the SDK's own signer and the client's credentials (refreshed by
 * their provider, e.g. an assumed role's session). Requests to other routes are sent unsigned.
 */
public final class ApiSigner {
    /** Headers java.net.http sets itself and refuses to take; the signer's Host is the one java.net.http sends. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    private final Set<String> operations;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public ApiSigner(Set<String> operations, AwsCredentialsProvider credentials, String region) {
        this.operations = Set.copyOf(operations);
        this.credentials = credentials;
        this.region = region;
    }

    /** Signs the {@code auth: iam} operations of {@code config} with {@code credentials}. */
    public static ApiSigner forIamRoutes(CutoverConfig config, AwsCredentialsProvider credentials) {
        return new ApiSigner(config.operations().stream().filter(op -> op.auth() == RouteAuth.IAM).map(Operation::name)
                .collect(Collectors.toSet()), credentials, config.region());
    }

    /** Whether requests of {@code operation} are signed. */
    public boolean signs(String operation) {
        return operations.contains(operation);
    }

    /** Adds the SigV4 headers (Authorization, X-Amz-Date, X-Amz-Security-Token for a session) of this request to {@code request}. */
    public void sign(HttpRequest.Builder request, String method, URI uri, byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT))).uri(uri)
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body == null ? new byte[0] : body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
    }
}
