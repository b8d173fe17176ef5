package dev.cutover.migrations.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a job's progress: a progress bar (items, rate, ETA) on an interactive terminal, a plain
 * key=value log line every few seconds otherwise (no console, CI=true, output redirected).
 */
public abstract class Progress implements AutoCloseable {
    protected final AtomicLong done = new AtomicLong();

    /** Chooses the bar on a terminal, log lines otherwise. {@code total} may be an estimate (0: unknown). */
    public static Progress create(String task, long total, PrintWriter log, boolean quiet) {
        if (quiet) {
            return new Silent();
        }
        boolean terminal = System.console() != null && System.getenv("CI") == null;
        return terminal ? new Bar(task, total) : new Lines(task, total, log, Duration.ofSeconds(5));
    }

    public void advance(long n) {
        done.addAndGet(n);
    }

    public long done() {
        return done.get();
    }

    @Override
    public abstract void close();

    private static final class Silent extends Progress {
        @Override
        public void close() {
        }
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;
        private final ScheduledExecutorService ticker;

        Bar(String task, long total) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(total, 0)).setUnit(" items", 1)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate().build();
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> {
                long n = done.get();
                if (n > bar.getMax()) {
                    bar.maxHint(n);
                }
                bar.stepTo(n);
            }, 200, 200, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            ticker.shutdownNow();
            bar.stepTo(done.get());
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final ScheduledExecutorService ticker;
        private final long started = System.nanoTime();

        Lines(String task, long total, PrintWriter log, Duration every) {
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> {
                long n = done.get();
                double seconds = (System.nanoTime() - started) / 1e9;
                double rate = seconds > 0 ? n / seconds : 0;
                String eta = total > n && rate > 0 ? Math.round((total - n) / rate) + "s" : "-";
                log.println(String.format(Locale.ROOT, "progress task=%s done=%d estimate=%d rate=%.0f/s eta=%s",
                        task.replace(' ', '_'), n, total, rate, eta));
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            ticker.shutdownNow();
        }
    }
}
