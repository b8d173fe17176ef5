package dev.cutover.router.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.router.internal.telemetry.RequestRecord;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the per-request log line and its EMF metrics cost (aws-embedded-metrics serializing one
 * document), with the line handed to a Blackhole instead of stdout. Run like {@link RoutingDecisionBench}:
 * {@code java -cp ... org.openjdk.jmh.Main TelemetryBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class TelemetryBench {

    private Telemetry telemetry;
    private int sequence;

    @Setup(Level.Trial)
    public void setUp(Blackhole sink) {
        telemetry = new Telemetry(new ObjectMapper(), sink::consume);
    }

    @Benchmark
    public void requestLine() {
        int n = sequence++;
        telemetry.request(new RequestRecord("req-" + n, "getItem", "legacy", n % 10_000, 3, 200, "ok", null, 1234, null));
    }
}
