package dev.cutover.router.internal.routing;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs shadow reads and dual writes next to the primary call on a small bounded executor. The
 * request waits for its secondary at most until the secondary's own deadline (counted from when it
 * started, in parallel with the primary), so a slow or broken secondary never delays the response by
 * more than {@code router.secondaryTimeout}. Waiting at all matters on Lambda: work left running when
 * the handler returns is frozen with the container.
 */
public final class Secondaries implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    public Secondaries(int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "cutover-secondary-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** What the secondary did. Exactly one of value, error, timedOut, rejected describes it. */
    public record Outcome<T>(T value, RuntimeException error, boolean timedOut, boolean rejected) {
        public boolean isSuccess() {
            return error == null && !timedOut && !rejected;
        }

        /** "ok", "timeout", "rejected" (executor full) or "failed". */
        public String describe() {
            return isSuccess() ? "ok" : timedOut ? "timeout" : rejected ? "rejected" : "failed";
        }
    }

    /** A started secondary call. */
    public static final class Pending<T> {
        private final Future<T> future;
        private final long startNanos;

        private Pending(Future<T> future, long startNanos) {
            this.future = future;
            this.startNanos = startNanos;
        }

        /** Waits until {@code timeout} after the start at most; cancels a call that is still running then. */
        public Outcome<T> await(Duration timeout) {
            if (future == null) {
                return new Outcome<>(null, null, false, true);
            }
            long remaining = timeout.toNanos() - (System.nanoTime() - startNanos);
            try {
                return new Outcome<>(future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS), null, false, false);
            } catch (TimeoutException e) {
                future.cancel(true);
                return new Outcome<>(null, null, true, false);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                RuntimeException error = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                return new Outcome<>(null, error, false, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                return new Outcome<>(null, null, true, false);
            }
        }
    }

    public <T> Pending<T> start(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            CompletableFuture<T> future = new CompletableFuture<>();
            Future<?> task = executor.submit(() -> {
                try {
                    future.complete(call.get());
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            });
            future.whenComplete((v, e) -> {
                if (future.isCancelled()) {
                    task.cancel(true);
                }
            });
            return new Pending<>(future, start);
        } catch (RejectedExecutionException e) {
            return new Pending<>(null, start);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
