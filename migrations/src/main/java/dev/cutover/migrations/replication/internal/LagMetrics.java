package dev.cutover.migrations.replication.internal;

import dev.cutover.config.metrics.EmfLineSink;
import java.io.PrintWriter;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * The replication lag as a CloudWatch embedded-metric-format line (namespace {@value #NAMESPACE}, metric
 * {@value #LAG} in milliseconds and {@value #RECORDS} applied since the last line, dimension {@code table}): written to the
 * log, which CloudWatch Logs turns into metrics where the job runs (ECS, Lambda, CodeBuild). As in the router, the library
 * gets its environment and sink from here, so it never probes EC2 or ECS metadata.
 */
public final class LagMetrics {
    public static final String NAMESPACE = "cutover/replication";
    public static final String LAG = "ReplicationLag";
    public static final String RECORDS = "ReplicatedRecords";

    private final EmfLineSink sink;

    public LagMetrics(PrintWriter out) {
        this.sink = new EmfLineSink(line -> {
            out.println(line);
            out.flush();
        }, "cutover-replication");
    }

    public void emit(String table, long lagMillis, long records) {
        MetricsLogger m = new MetricsLogger(sink).setNamespace(NAMESPACE);
        m.setDimensions(DimensionSet.of("table", table));
        m.putMetric(LAG, lagMillis, Unit.MILLISECONDS);
        m.putMetric(RECORDS, records, Unit.COUNT);
        m.flush();
    }
}
