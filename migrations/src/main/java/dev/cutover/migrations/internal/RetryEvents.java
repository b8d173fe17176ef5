package dev.cutover.migrations.internal;

import io.github.resilience4j.retry.Retry;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link Retry} did, read from its own event stream: attempts retried, milliseconds waited between
 * attempts, calls that ran out of attempts. The job reports take their retry figures from here.
 */
public final class RetryEvents {
    private final LongAdder retries = new LongAdder();
    private final LongAdder waitedMillis = new LongAdder();
    private final LongAdder exhausted = new LongAdder();

    private RetryEvents() {
    }

    /** Subscribes to {@code retry}'s events. */
    public static RetryEvents of(Retry retry) {
        return of(retry, () -> { });
    }

    /** Subscribes to {@code retry}'s events; {@code onRetry} runs (on the calling thread) before each wait. */
    public static RetryEvents of(Retry retry, Runnable onRetry) {
        RetryEvents events = new RetryEvents();
        retry.getEventPublisher()
                .onRetry(e -> {
                    events.retries.increment();
                    events.waitedMillis.add(e.getWaitInterval().toMillis());
                    onRetry.run();
                })
                .onError(e -> events.exhausted.increment());
        return events;
    }

    /** Attempts that were retried (each one followed by a wait and one more attempt). */
    public long retries() {
        return retries.sum();
    }

    public long waitedMillis() {
        return waitedMillis.sum();
    }

    /** Calls whose last allowed attempt still failed (or still had a partial result). */
    public long exhausted() {
        return exhausted.sum();
    }
}
