package dev.cutover.config.aws;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Side;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds every AWS client of a process once, for either side: explicit region, explicit credentials
 * (the new account's from the given provider, the legacy account's through {@link LegacyCredentialsProvider}),
 * one shared HTTP client, the SDK's standard retry mode as the only retry layer, and an optional
 * endpoint override (the sandbox). Build clients at init and reuse them; never per request.
 */
public final class AwsClientFactory implements SdkAutoCloseable {
    private final Region region;
    private final Optional<URI> endpoint;
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider newCredentials;
    private final StsClient sts;
    private final LegacyCredentialsProvider legacyCredentials;
    private final ClientOverrideConfiguration overrides;

    private AwsClientFactory(Builder b, CutoverConfig config) {
        this.region = Region.of(config.region());
        this.endpoint = Optional.ofNullable(b.endpoint);
        this.httpClient = b.httpClient != null ? b.httpClient
                : UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(b.apiCallAttemptTimeout).build();
        this.newCredentials = b.newCredentials != null ? b.newCredentials : DefaultCredentialsProvider.builder().build();
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder();
        if (b.maxAttempts == null) {
            overrides.retryStrategy(RetryMode.STANDARD);
        } else {
            // Setting a configurator would drop the mode (and fall back to legacy): build the standard strategy itself.
            overrides.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(b.maxAttempts).build());
        }
        this.overrides = overrides
                .apiCallAttemptTimeout(b.apiCallAttemptTimeout)
                .apiCallTimeout(b.apiCallTimeout)
                .build();
        this.sts = configure(StsClient.builder(), newCredentials).build();
        this.legacyCredentials = new LegacyCredentialsProvider(sts, config.accounts().legacy(), b.legacyJob);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures {@code builder} for {@code side} and builds the client, e.g. {@code build(DynamoDbClient.builder(), Side.LEGACY)}. */
    public <B extends AwsClientBuilder<B, C>, C> C build(AwsClientBuilder<B, C> builder, Side side) {
        return configure(builder, credentials(side)).build();
    }

    /**
     * Like {@link #build(AwsClientBuilder, Side)}, with changes to the shared override configuration for
     * this client only, e.g. a shorter {@code apiCallTimeout} for a call made on the request path.
     */
    public <B extends AwsClientBuilder<B, C>, C> C build(AwsClientBuilder<B, C> builder, Side side,
            Consumer<ClientOverrideConfiguration.Builder> overrideChanges) {
        ClientOverrideConfiguration.Builder changed = overrides.toBuilder();
        overrideChanges.accept(changed);
        return configure(builder, credentials(side)).overrideConfiguration(changed.build()).build();
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(AwsClientBuilder<B, C> builder, AwsCredentialsProvider credentials) {
        B b = builder.region(region).credentialsProvider(credentials).overrideConfiguration(overrides);
        endpoint.ifPresent(b::endpointOverride);
        if (b instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(httpClient);
        }
        return b;
    }

    public AwsCredentialsProvider credentials(Side side) {
        return side == Side.LEGACY ? legacyCredentials : newCredentials;
    }

    public LegacyCredentialsProvider legacyCredentials() {
        return legacyCredentials;
    }

    public Region region() {
        return region;
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        legacyCredentials.close();
        sts.close();
        httpClient.close();
    }

    /** Options; all optional. */
    public static final class Builder {
        private URI endpoint;
        private SdkHttpClient httpClient;
        private AwsCredentialsProvider newCredentials;
        private Duration apiCallAttemptTimeout = Duration.ofSeconds(2);
        private Duration apiCallTimeout = Duration.ofSeconds(5);
        private Integer maxAttempts;
        private LegacyAccount.Job legacyJob = LegacyAccount.Job.ROUTER;

        private Builder() {
        }

        /** Whose legacy role the legacy clients assume: the router's (default), the migration jobs' or the replicator's. */
        public Builder legacyRole(LegacyAccount.Job job) {
            this.legacyJob = Objects.requireNonNull(job);
            return this;
        }

        /** Endpoint for every service, e.g. the sandbox's "http://127.0.0.1:4566"; default: AWS (or AWS_ENDPOINT_URL). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Credentials of the new account (and of the STS calls into the legacy role); default: the default chain. */
        public Builder newAccountCredentials(AwsCredentialsProvider credentials) {
            this.newCredentials = credentials;
            return this;
        }

        public Builder apiCallAttemptTimeout(Duration timeout) {
            this.apiCallAttemptTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The deadline of one call including the SDK's retries. */
        public Builder apiCallTimeout(Duration timeout) {
            this.apiCallTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Attempts per call of the SDK's standard retry mode (first attempt included); default: the SDK's (3).
         * Long-running batch jobs raise it (with {@link #apiCallTimeout}) so that throttling stays the SDK's
         * business instead of growing a second retry layer around every call.
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public AwsClientFactory build(CutoverConfig config) {
            return new AwsClientFactory(this, config);
        }
    }
}
