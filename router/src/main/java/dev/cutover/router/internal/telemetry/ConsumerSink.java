package dev.cutover.router.internal.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The EMF library's environment and sink for the router: each flushed document goes as one JSON line
 * to a {@code Consumer<String>} (stdout in Lambda, a list in tests). Given to {@code MetricsLogger}
 * directly, so the library never runs its environment detection (which probes EC2 and ECS metadata
 * over HTTP); no default dimensions (every document sets its own) and no extra properties.
 */
final class ConsumerSink implements ISink, Environment {
    private final Consumer<String> lines;

    ConsumerSink(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void accept(MetricsContext context) {
        try {
            // More than one document only past 100 metrics or 100 values of one; the router puts at most three, once each.
            for (String document : context.serialize()) {
                lines.accept(document);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metrics log line", e);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return "cutover-router";
    }

    @Override
    public String getType() {
        return "cutover";
    }

    @Override
    public String getLogGroupName() {
        return null;
    }

    @Override
    public void configureContext(MetricsContext context) {
    }

    @Override
    public ISink getSink() {
        return this;
    }
}
