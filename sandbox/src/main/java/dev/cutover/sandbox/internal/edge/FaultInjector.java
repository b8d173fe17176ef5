package dev.cutover.sandbox.internal.edge;

import dev.cutover.sandbox.Faults;
import dev.cutover.sandbox.SandboxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The faults in force. Readers see an immutable snapshot (one volatile read per request, nothing
 * when no fault is set); writers replace the snapshot.
 */
public final class FaultInjector implements Faults {

    private record State(Map<String, Double> throttles, Map<String, Duration> latencies, Set<String> unavailable) {
        boolean isEmpty() {
            return throttles.isEmpty() && latencies.isEmpty() && unavailable.isEmpty();
        }
    }

    private static final State NONE = new State(Map.of(), Map.of(), Set.of());

    private final Supplier<Set<String>> serviceNames;
    private final IntSupplier expireAll;
    private volatile State state = NONE;
    private final UnprocessedItemsFault unprocessedItems = new UnprocessedItemsFault();

    public FaultInjector(Supplier<Set<String>> serviceNames, IntSupplier expireAll) {
        this.serviceNames = serviceNames;
        this.expireAll = expireAll;
    }

    /** Throws the fault's error, or sleeps for its latency; returns normally when the call may go on. */
    void apply(AwsService service, String operation, Protocol protocol) {
        State current = state;
        if (current == NONE) {
            return;
        }
        String name = service.serviceName();
        if (current.unavailable().contains(name)) {
            throw new AwsException(503, "ServiceUnavailable", "Service Unavailable (sandbox fault: " + name + " is unavailable)");
        }
        Duration latency = current.latencies().get(name);
        if (latency != null) {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsException(500, "InternalFailure", "interrupted while injecting latency");
            }
        }
        Double fraction = current.throttles().get(name + ":" + operation);
        if (fraction == null) {
            fraction = current.throttles().get(name);
        }
        if (fraction != null && ThreadLocalRandom.current().nextDouble() < fraction) {
            int status = protocol == Protocol.REST_JSON ? 429 : 400;
            throw new AwsException(status, service.throttlingErrorCode(operation), "Rate exceeded (sandbox fault: throttling "
                    + name + (current.throttles().containsKey(name + ":" + operation) ? " " + operation : "") + ")");
        }
    }

    @Override
    public void throttle(String service, double fraction) {
        addThrottle(service, null, fraction);
    }

    @Override
    public void throttle(String service, String operation, double fraction) {
        if (operation == null || operation.isBlank()) {
            throw new SandboxException("throttle operation must be an operation name like \"BatchWriteItem\" but was '" + operation + "'");
        }
        addThrottle(service, operation, fraction);
    }

    private synchronized void addThrottle(String service, String operation, double fraction) {
        requireService(service);
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new SandboxException("throttle fraction must be between 0 and 1 but was " + fraction);
        }
        Map<String, Double> throttles = new HashMap<>(state.throttles());
        throttles.put(operation == null ? service : service + ":" + operation, fraction);
        state = new State(Map.copyOf(throttles), state.latencies(), state.unavailable());
    }

    @Override
    public synchronized void latency(String service, Duration latency) {
        requireService(service);
        if (latency == null || latency.isNegative()) {
            throw new SandboxException("latency must be zero or positive but was " + latency);
        }
        Map<String, Duration> latencies = new HashMap<>(state.latencies());
        latencies.put(service, latency);
        state = new State(state.throttles(), Map.copyOf(latencies), state.unavailable());
    }

    @Override
    public synchronized void unavailable(String service) {
        requireService(service);
        Set<String> unavailable = new HashSet<>(state.unavailable());
        unavailable.add(service);
        state = new State(state.throttles(), state.latencies(), Set.copyOf(unavailable));
    }

    @Override
    public void unprocessedItems(String service, double fraction) {
        requireService(service);
        unprocessedItems.set(service, fraction);
    }

    /** The BatchWriteItem partial-success fault; the edge hands requests to services through it. */
    UnprocessedItemsFault unprocessedItems() {
        return unprocessedItems;
    }

    @Override
    public int expireAllCredentials() {
        return expireAll.getAsInt();
    }

    @Override
    public synchronized void clear() {
        state = NONE;
        unprocessedItems.clear();
    }

    /** For the admin endpoint: {"throttle": {"service[:Operation]": fraction}, "latencyMillis": {...}, "unavailable": [...]}. */
    public Map<String, Object> describe() {
        State current = state;
        Map<String, Long> latencies = new TreeMap<>();
        current.latencies().forEach((service, latency) -> latencies.put(service, latency.toMillis()));
        return Map.of("throttle", new TreeMap<>(current.throttles()), "latencyMillis", latencies,
                "unavailable", new TreeSet<>(current.unavailable()));
    }

    private void requireService(String service) {
        Set<String> known = serviceNames.get();
        if (!known.contains(service)) {
            throw new SandboxException("no service '" + service + "' in the sandbox; known services: " + new TreeSet<>(known));
        }
    }
}
