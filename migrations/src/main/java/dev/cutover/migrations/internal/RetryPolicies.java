package dev.cutover.migrations.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The retries the migration jobs make themselves, as resilience4j {@link RetryConfig}s: only what the SDK's
 * standard retry mode cannot or must not retry (see the table "Which layer retries what" in docs/architecture.md).
 * Each config is named, validated when built, and uses exponential backoff with jitter.
 */
public final class RetryPolicies {
    /** DynamoDB BatchWriteItem answered 200 with UnprocessedItems: a partial success the SDK cannot see as an error. */
    public static final String UNPROCESSED_ITEMS = "dynamodb-unprocessed-items";
    /** SSM PutParameter/AddTagsToResource throttled: retried by the copier's pacing, never by the SDK as well. */
    public static final String SSM_THROTTLED_WRITES = "ssm-throttled-writes";

    /** The AWS error codes SSM throttles writes with; the SDK does not retry these on the copier's writes. */
    public static final Set<String> SSM_THROTTLING_CODES = Set.of("ThrottlingException", "TooManyUpdates");

    /** A running export or import described again until it has finished (ExportImportMigration). */
    public static final String EXPORT_IMPORT_WAIT = "dynamodb-export-import-finished";

    /** Upper bound for the user-facing retry counts: beyond it a job would wait for hours on one batch. */
    public static final int MAX_RETRIES = 100;
    /** SSM throttled writes retried per parameter before it counts as failed. */
    public static final int SSM_THROTTLED_RETRIES = 30;

    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;

    private RetryPolicies() {
    }

    /**
     * Re-sends the UnprocessedItems of a BatchWriteItem ({@code retryOnResult}: the attempt returns what is still
     * unprocessed) up to {@code maxRetries} times, 50 ms doubling to 5 s with jitter. Exceptions are never retried here:
     * they belong to the SDK (throttling, 5xx) or to the item-by-item fallback (ValidationException).
     *
     * @param field the user-facing name of the setting, for the error message
     */
    public static RetryConfig unprocessedItems(int maxRetries, String field) {
        checkRetries(maxRetries, field);
        return RetryConfig.<List<?>>custom()
                .maxAttempts(maxRetries + 1)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(50), MULTIPLIER, JITTER,
                        Duration.ofSeconds(5)))
                .retryOnResult(unprocessed -> !unprocessed.isEmpty())
                .retryOnException(e -> false)
                .failAfterMaxAttempts(false) // the last attempt's UnprocessedItems go to the dead-letter file
                .build();
    }

    /** Retries a throttled SSM write ({@link #SSM_THROTTLING_CODES}) up to {@code maxRetries} times, 250 ms doubling to 10 s, jitter. */
    public static RetryConfig ssmThrottledWrites(int maxRetries) {
        checkRetries(maxRetries, "ssm throttled write retries");
        return RetryConfig.custom()
                .maxAttempts(maxRetries + 1)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(250), MULTIPLIER, JITTER,
                        Duration.ofSeconds(10)))
                .retryOnException(RetryPolicies::isSsmThrottling)
                .build();
    }

    /**
     * Describes a long-running job again ({@code retryOnResult}: not {@code finished} yet) every {@code interval} for at
     * most {@code timeout}; no exception retried (the SDK's); the last result is returned when time runs out.
     */
    public static <T> RetryConfig untilFinished(Duration interval, Duration timeout, java.util.function.Predicate<T> finished) {
        long attempts = Math.max(1, timeout.toMillis() / Math.max(1, interval.toMillis())) + 1;
        return RetryConfig.<T>custom()
                .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
                .waitDuration(interval)
                .retryOnResult(result -> !finished.test(result))
                .retryOnException(e -> false)
                .failAfterMaxAttempts(false)
                .build();
    }

    /** True for exactly the errors {@link #ssmThrottledWrites} retries. */
    public static boolean isSsmThrottling(Throwable e) {
        return SSM_THROTTLING_CODES.contains(AwsErrors.code(e));
    }

    private static void checkRetries(int retries, String field) {
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException(field + " must be between 0 and " + MAX_RETRIES + ", but was " + retries);
        }
    }
}
