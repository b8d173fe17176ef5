package dev.cutover.migrations.replication.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The replication lag as a CloudWatch embedded-metric-format line (namespace {@value #NAMESPACE}, metric
 * {@value #LAG} in milliseconds and {@value #RECORDS} applied since the last line, dimension {@code table}): written to the
 * log, which CloudWatch Logs turns into metrics where the job runs (ECS, Lambda, CodeBuild). As in the router, the library
 * gets its environment and sink from here, so it never probes EC2 or ECS metadata.
 */
public final class LagMetrics implements ISink, Environment {
    public static final String NAMESPACE = "cutover/replication";
    public static final String LAG = "ReplicationLag";
    public static final String RECORDS = "ReplicatedRecords";

    private final PrintWriter out;

    public LagMetrics(PrintWriter out) {
        this.out = out;
    }

    public void emit(String table, long lagMillis, long records) {
        MetricsLogger m = new MetricsLogger(this).setNamespace(NAMESPACE);
        m.setDimensions(DimensionSet.of("table", table));
        m.putMetric(LAG, lagMillis, Unit.MILLISECONDS);
        m.putMetric(RECORDS, records, Unit.COUNT);
        m.flush();
    }

    @Override
    public void accept(MetricsContext context) {
        try {
            for (String document : context.serialize()) {
                out.println(document);
            }
            out.flush();
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
        return "cutover-replication";
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
