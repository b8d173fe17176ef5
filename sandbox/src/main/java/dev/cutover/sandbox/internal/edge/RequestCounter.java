package dev.cutover.sandbox.internal.edge;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests per "service:Operation" that reached a service (after signature checks, faults included). */
public final class RequestCounter {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void increment(String service, String operation) {
        counts.computeIfAbsent(service + ":" + operation, key -> new LongAdder()).increment();
    }

    public long count(String service, String operation) {
        LongAdder adder = counts.get(service + ":" + operation);
        return adder == null ? 0 : adder.sum();
    }

    /** A sorted snapshot, keys "service:Operation". */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((key, adder) -> snapshot.put(key, adder.sum()));
        return snapshot;
    }

    public void reset() {
        counts.clear();
    }
}
