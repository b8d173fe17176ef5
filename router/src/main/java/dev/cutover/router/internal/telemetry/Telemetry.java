package dev.cutover.router.internal.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Structured log lines and CloudWatch metrics of the router, written as one JSON line each to stdout.
 * Metric lines are in the CloudWatch Embedded Metric Format (EMF), written by hand: the
 * aws-embedded-metrics library would add its own classes and setup to the cold start (not measured yet; docs/benchmarks.md).
 * Counts are also kept in memory so tests can assert on them.
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
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public Telemetry(ObjectMapper json, Consumer<String> sink) {
        this.json = json;
        this.sink = sink;
    }

    /** Standard output, one line per write (Lambda sends each line to CloudWatch Logs). */
    public static Consumer<String> stdout() {
        return line -> {
            synchronized (System.out) {
                System.out.println(line);
            }
        };
    }

    /** One request: the structured log line and its metrics, in one EMF document. */
    public void request(RequestRecord r) {
        ObjectNode line = json.createObjectNode();
        line.put("level", r.status() >= 500 ? "ERROR" : "INFO");
        line.put("event", "request");
        line.put("requestId", r.requestId());
        line.put("operation", r.operation());
        line.put("side", r.side());
        if (r.bucket() >= 0) {
            line.put("bucket", r.bucket());
        }
        line.put("latencyMs", r.latencyMs());
        line.put("status", r.status());
        line.put("outcome", r.outcome());
        if (r.secondary() != null) {
            line.put("secondary", r.secondary());
        }
        line.put("flagAgeMs", r.flagAgeMs());
        if (r.detail() != null) {
            line.put("detail", r.detail());
        }
        line.put(REQUESTS, 1);
        line.put(LATENCY, r.latencyMs());
        line.put(FLAG_AGE, r.flagAgeMs() / 1000.0);
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ArrayNode directives = aws.putArray("CloudWatchMetrics");
        ObjectNode perOperation = directives.addObject();
        perOperation.put("Namespace", NAMESPACE);
        perOperation.putArray("Dimensions").addArray().add("operation").add("side");
        ArrayNode metrics = perOperation.putArray("Metrics");
        metrics.addObject().put("Name", REQUESTS).put("Unit", "Count");
        metrics.addObject().put("Name", LATENCY).put("Unit", "Milliseconds");
        ObjectNode global = directives.addObject();
        global.put("Namespace", NAMESPACE);
        global.putArray("Dimensions").addArray();
        global.putArray("Metrics").addObject().put("Name", FLAG_AGE).put("Unit", "Seconds");
        count(REQUESTS, r.operation() + ":" + r.side());
        write(line);
    }

    /** A WARN line that also counts {@code metric} (dimension: operation, or none when {@code operation} is null). */
    public void warn(String event, String metric, String operation, Map<String, Object> fields) {
        ObjectNode line = json.createObjectNode();
        line.put("level", "WARN");
        line.put("event", event);
        if (operation != null) {
            line.put("operation", operation);
        }
        fields.forEach((k, v) -> line.putPOJO(k, v));
        if (metric != null) {
            metric(line, metric, operation);
        }
        write(line);
    }

    /** Counts {@code metric} without a log line of its own (WARN only once per streak, the count every time). */
    public void countOnly(String metric, String operation) {
        ObjectNode line = json.createObjectNode();
        line.put("level", "DEBUG");
        line.put("event", "metric");
        if (operation != null) {
            line.put("operation", operation);
        }
        metric(line, metric, operation);
        write(line);
    }

    /** An INFO line without metrics (flags changed, credentials refreshed). */
    public void info(String event, Map<String, Object> fields) {
        ObjectNode line = json.createObjectNode();
        line.put("level", "INFO");
        line.put("event", event);
        fields.forEach((k, v) -> line.putPOJO(k, v));
        write(line);
    }

    private void metric(ObjectNode line, String metric, String operation) {
        line.put(metric, 1);
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dims = directive.putArray("Dimensions").addArray();
        if (operation != null) {
            dims.add("operation");
        }
        directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", "Count");
        count(metric, operation);
    }

    private void count(String metric, String dimension) {
        counts.computeIfAbsent(metric + (dimension == null ? "" : ":" + dimension), k -> new LongAdder()).increment();
        if (dimension != null) {
            counts.computeIfAbsent(metric, k -> new LongAdder()).increment();
        }
    }

    /**
     * How often {@code metric} was emitted: {@code "ShadowMismatches"}, {@code "ShadowMismatches:getItem"},
     * {@code "Requests:getItem:new"}.
     */
    public long count(String key) {
        LongAdder a = counts.get(key);
        return a == null ? 0 : a.sum();
    }

    private void write(ObjectNode line) {
        try {
            sink.accept(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a log line", e);
        }
    }
}
