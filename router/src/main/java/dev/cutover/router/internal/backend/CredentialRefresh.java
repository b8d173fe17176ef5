package dev.cutover.router.internal.backend;

import dev.cutover.config.aws.LegacyCredentialsProvider;
import dev.cutover.router.internal.telemetry.Telemetry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The one place a request is retried after the legacy account rejected credentials the cache still trusted
 * ({@link CredentialRejection}'s codes, which the SDK's retry mode does not retry): the resilience4j Retry
 * {@value #NAME} makes at most two attempts; before the second it replaces the cached credentials.
 *
 * <p>Its events are the telemetry: each retry is one INFO line {@code credentials_refreshed} counting
 * {@code CredentialRefreshes} by side; a request whose second attempt is rejected too counts
 * {@code CredentialRefreshFailures} and fails (the route answers 502).
 */
public final class CredentialRefresh {
    public static final String NAME = "legacy-credential-refresh";
    public static final String REFRESH_FAILURES = "CredentialRefreshFailures";

    private static final RetryConfig CONFIG = RetryConfig.custom()
            .maxAttempts(2)
            // one short wait (5-15 ms), so that many requests rejected at once do not retry in lockstep
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(10), 2.0, 0.5, Duration.ofMillis(100)))
            .retryOnException(CredentialRejection::isRejection)
            .build();

    private final LegacyCredentialsProvider credentials;
    private final Retry retry;

    public CredentialRefresh(LegacyCredentialsProvider credentials, Telemetry telemetry) {
        this.credentials = credentials;
        this.retry = Retry.of(NAME, CONFIG);
        retry.getEventPublisher()
                .onRetry(e -> telemetry.info("credentials_refreshed", Telemetry.CREDENTIAL_REFRESHES, "side", "legacy",
                        Map.of("reason", code(e.getLastThrowable()), "waitMs", e.getWaitInterval().toMillis())))
                .onError(e -> telemetry.info("credentials_rejected_after_refresh", REFRESH_FAILURES, "side", "legacy",
                        Map.of("reason", code(e.getLastThrowable()), "attempts", e.getNumberOfRetryAttempts())));
    }

    /** Runs {@code call} on the legacy side; a credential rejection refreshes the credentials and runs it once more. */
    public <T> T call(Supplier<T> call) {
        AtomicReference<AwsCredentials> rejected = new AtomicReference<>();
        return retry.executeSupplier(() -> {
            AwsCredentials stale = rejected.getAndSet(null);
            if (stale != null) {
                credentials.refreshAfterRejection(stale); // only when the Retry decided to retry: once per request
            }
            AwsCredentials used = credentials.resolveCredentials();
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (CredentialRejection.isRejection(e)) {
                    rejected.set(used);
                }
                throw e;
            }
        });
    }

    private static String code(Throwable e) {
        return e instanceof AwsServiceException ase && ase.awsErrorDetails() != null ? ase.awsErrorDetails().errorCode()
                : String.valueOf(e == null ? null : e.getClass().getSimpleName());
    }
}
