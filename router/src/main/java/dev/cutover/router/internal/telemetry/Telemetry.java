package dev.cutover.router.internal.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.metrics.EmfLineSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Structured log lines and CloudWatch metrics of the router, one JSON line each to a sink (stdout in
 * Lambda). Lines that carry metrics are CloudWatch Embedded Metric Format (EMF) documents: the one line
 * per request is streamed by {@link RequestLine} (the hot path; tested to equal the library's document),
 * every other one is built by the aws-embedded-metrics library: a fresh {@link MetricsLogger} per line (namespace {@value #NAMESPACE},
 * the line's fields as properties), flushed once into {@link EmfLineSink}, so a request is one line.
 * Lines without metrics (flags changed, missing permission) are plain JSON. Counts are also kept in
 * memory so tests can assert on them ({@link #count(String)}).
 */
public final class Telemetry {
    public static final String NAMESPACE = "Cutover/Router";
    public static final String REQUESTS = "Requests";
    public static final String LATENCY = "Latency";
    public static final String FLAG_AGE = "FlagAge";
    public static final String SHADOW_MISMATCHES = "ShadowMismatches";
    public static final String SECONDARY_FAILURES = "SecondaryFailures";
    public static final String FLAG_FETCH_ERRORS = "FlagFetchErrors";
    public static final String CREDENTIAL_REFRESHES = "CredentialRefreshes";

    private final ObjectMapper json;
    private final Consumer<String> sink;
    private final EmfLineSink metricsSink;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public Telemetry(ObjectMapper json, Consumer<String> sink) {
        this.json = json;
        this.sink = sink;
        this.metricsSink = new EmfLineSink(sink, "cutover-router");
    }

    /** Standard output, one line per write (Lambda sends each line to CloudWatch Logs). */
    public static Consumer<String> stdout() {
        return line -> {
            synchronized (System.out) {
                System.out.println(line);
            }
        };
    }

    /**
     * One request: the structured log line and its metrics, in one EMF document. EMF gives all metrics
     * of a document the same dimension sets, so {@code Requests}, {@code Latency} and {@code FlagAge} are
     * each published by {@code operation, side} and without dimensions.
     */
    public void request(RequestRecord r) {
        count(REQUESTS, r.operation() + ":" + r.side());
        sink.accept(RequestLine.write(r, System.currentTimeMillis()));
    }

    /** The request line as the aws-embedded-metrics library writes it: the reference {@link RequestLine} is tested against. */
    void requestThroughLibrary(RequestRecord r) {
        MetricsLogger m = metrics();
        m.setDimensions(DimensionSet.of("operation", r.operation(), "side", r.side()), new DimensionSet());
        m.putProperty("level", r.status() >= 500 ? "ERROR" : "INFO");
        m.putProperty("event", "request");
        m.putProperty("requestId", r.requestId());
        if (r.bucket() >= 0) {
            m.putProperty("bucket", r.bucket());
        }
        m.putProperty("latencyMs", r.latencyMs());
        m.putProperty("status", r.status());
        m.putProperty("outcome", r.outcome());
        if (r.secondary() != null) {
            m.putProperty("secondary", r.secondary());
        }
        m.putProperty("flagAgeMs", r.flagAgeMs());
        if (r.detail() != null) {
            m.putProperty("detail", r.detail());
        }
        m.putMetric(REQUESTS, 1, Unit.COUNT);
        m.putMetric(LATENCY, r.latencyMs(), Unit.MILLISECONDS);
        m.putMetric(FLAG_AGE, r.flagAgeMs() / 1000.0, Unit.SECONDS);
        m.flush();
    }

    /** A WARN line that also counts {@code metric} (dimension: operation, or none when {@code operation} is null). */
    public void warn(String event, String metric, String operation, Map<String, Object> fields) {
        if (metric == null) {
            plain("WARN", event, operation, fields);
        } else {
            counted("WARN", event, metric, "operation", operation, fields);
        }
    }

    /** Counts {@code metric} without a log line of its own (WARN only once per streak, the count every time). */
    public void countOnly(String metric, String operation) {
        counted("DEBUG", "metric", metric, "operation", operation, Map.of());
    }

    /** An INFO line without metrics (flags changed). */
    public void info(String event, Map<String, Object> fields) {
        plain("INFO", event, null, fields);
    }

    /** An INFO line that also counts {@code metric} by {@code dimension} (credentials refreshed: by side). */
    public void info(String event, String metric, String dimension, String value, Map<String, Object> fields) {
        counted("INFO", event, metric, dimension, value, fields);
    }

    /** One EMF line counting {@code metric} once, by {@code dimension} or, when {@code value} is null, without dimensions. */
    private void counted(String level, String event, String metric, String dimension, String value, Map<String, Object> fields) {
        MetricsLogger m = metrics();
        m.setDimensions(value == null ? new DimensionSet() : DimensionSet.of(dimension, value));
        m.putProperty("level", level);
        m.putProperty("event", event);
        fields.forEach(m::putProperty);
        m.putMetric(metric, 1, Unit.COUNT);
        count(metric, value);
        m.flush();
    }

    private MetricsLogger metrics() {
        return new MetricsLogger(metricsSink).setNamespace(NAMESPACE);
    }

    private void plain(String level, String event, String operation, Map<String, Object> fields) {
        ObjectNode line = json.createObjectNode();
        line.put("level", level);
        line.put("event", event);
        if (operation != null) {
            line.put("operation", operation);
        }
        fields.forEach(line::putPOJO);
        try {
            sink.accept(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a log line", e);
        }
    }

    private void count(String metric, String dimension) {
        counts.computeIfAbsent(metric + (dimension == null ? "" : ":" + dimension), k -> new LongAdder()).increment();
        if (dimension != null) {
            counts.computeIfAbsent(metric, k -> new LongAdder()).increment();
        }
    }

    /**
     * How often {@code metric} was emitted: {@code "ShadowMismatches"}, {@code "ShadowMismatches:getItem"},
     * {@code "Requests:getItem:new"}, {@code "CredentialRefreshes:legacy"}.
     */
    public long count(String key) {
        LongAdder a = counts.get(key);
        return a == null ? 0 : a.sum();
    }
}
