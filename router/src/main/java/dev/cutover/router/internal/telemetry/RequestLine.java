package dev.cutover.router.internal.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one EMF document per request, streamed with Jackson's generator: the hot path's only log line. The same document
 * the aws-embedded-metrics library writes for these fields (TelemetryTest compares the two), without building the
 * library's model and serializing it through Jackson bean serialization with property filters, which was about half
 * of the router's own time per request (see docs/benchmarks.md, "Router"), nor loading ~400 classes on the first
 * request. The library still writes every other metric line (WARN and INFO lines are rare).
 */
final class RequestLine {
    private static final JsonFactory FACTORY = new JsonFactory();

    private RequestLine() {
    }

    /** The EMF document of {@code r}, at {@code timestampMillis}. */
    static String write(RequestRecord r, long timestampMillis) {
        SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestampMillis);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", Telemetry.NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString("operation");
            g.writeString("side");
            g.writeEndArray();
            g.writeStartArray();
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            metric(g, Telemetry.REQUESTS, "Count");
            metric(g, Telemetry.LATENCY, "Milliseconds");
            metric(g, Telemetry.FLAG_AGE, "Seconds");
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("operation", r.operation());
            g.writeStringField("side", r.side());
            g.writeStringField("level", r.status() >= 500 ? "ERROR" : "INFO");
            g.writeStringField("event", "request");
            g.writeStringField("requestId", r.requestId());
            if (r.bucket() >= 0) {
                g.writeNumberField("bucket", r.bucket());
            }
            g.writeNumberField("latencyMs", r.latencyMs());
            g.writeNumberField("status", r.status());
            g.writeStringField("outcome", r.outcome());
            if (r.secondary() != null) {
                g.writeStringField("secondary", r.secondary());
            }
            g.writeNumberField("flagAgeMs", r.flagAgeMs());
            if (r.detail() != null) {
                g.writeStringField("detail", r.detail());
            }
            g.writeNumberField(Telemetry.REQUESTS, 1.0);
            g.writeNumberField(Telemetry.LATENCY, (double) r.latencyMs());
            g.writeNumberField(Telemetry.FLAG_AGE, r.flagAgeMs() / 1000.0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the request log line", e);
        }
        try {
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the request log line", e);
        }
    }

    private static void metric(JsonGenerator g, String name, String unit) throws IOException {
        g.writeStartObject();
        g.writeStringField("Name", name);
        g.writeStringField("Unit", unit);
        g.writeEndObject();
    }
}
