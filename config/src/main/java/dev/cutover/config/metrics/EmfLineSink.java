package dev.cutover.config.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The EMF library's environment and sink for cutover's jobs: each flushed document goes as one JSON line to a
 * {@code Consumer<String>} (stdout or stderr where the job runs, a list in tests). Given to {@code MetricsLogger}
 * directly, so the library never runs its environment detection (which probes EC2 and ECS metadata over HTTP); no
 * default dimensions (every document sets its own) and no extra properties. The router and the replicator both use it;
 * {@code aws-embedded-metrics} is an optional dependency of this module, declared by the modules that use this class.
 */
public final class EmfLineSink implements ISink, Environment {
    private final Consumer<String> lines;
    private final String name;

    /** @param name the environment's name, e.g. "cutover-router" (the library reports it, nothing probes it) */
    public EmfLineSink(Consumer<String> lines, String name) {
        this.lines = lines;
        this.name = name;
    }

    @Override
    public void accept(MetricsContext context) {
        try {
            // More than one document only past 100 metrics or 100 values of one metric.
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
        return name;
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
