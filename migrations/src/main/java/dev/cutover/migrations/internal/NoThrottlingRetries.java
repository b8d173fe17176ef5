package dev.cutover.migrations.internal;

import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * A request plugin for calls whose caller paces and retries throttling itself: the client's own retry
 * strategy stays in force (attempts, backoff, 5xx, I/O errors), except that an attempt throttled with one of
 * {@link RetryPolicies#SSM_THROTTLING_CODES} (exactly what the caller's resilience4j Retry retries) is not
 * retried by the SDK. The throttling error goes straight back to the caller, so its pacing is the one
 * layer that retries throttling (without this, every round of the caller's backoff hid up to ten SDK
 * attempts). Put it on a request with {@code overrideConfiguration(o -> o.addPlugin(NoThrottlingRetries.INSTANCE))}.
 */
public final class NoThrottlingRetries implements SdkPlugin {
    public static final NoThrottlingRetries INSTANCE = new NoThrottlingRetries();

    private NoThrottlingRetries() {
    }

    @Override
    public void configureClient(SdkServiceClientConfiguration.Builder config) {
        ClientOverrideConfiguration current = config.overrideConfiguration();
        RetryStrategy strategy = current.retryStrategy().orElse(null);
        if (strategy == null || strategy instanceof ExceptThrottling) {
            return;
        }
        config.overrideConfiguration(current.toBuilder().retryStrategy(new ExceptThrottling(strategy)).build());
    }

    /** The client's strategy, refusing to retry a throttling error. */
    private static final class ExceptThrottling implements RetryStrategy {
        private final RetryStrategy delegate;

        ExceptThrottling(RetryStrategy delegate) {
            this.delegate = delegate;
        }

        @Override
        public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
            return delegate.acquireInitialToken(request);
        }

        @Override
        public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
            if (RetryPolicies.isSsmThrottling(request.failure())) {
                throw new TokenAcquisitionFailedException("throttling is retried by the caller's pacing, not by the SDK",
                        request.token(), request.failure());
            }
            return delegate.refreshRetryToken(request);
        }

        @Override
        public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
            return delegate.recordSuccess(request);
        }

        @Override
        public int maxAttempts() {
            return delegate.maxAttempts();
        }

        @Override
        public boolean useClientDefaults() {
            return false;
        }

        @Override
        public Builder<?, ?> toBuilder() {
            // A rebuilt strategy is the client's again; the plugin wraps it anew on every request.
            return delegate.toBuilder();
        }
    }
}
