package dev.cutover.sandbox.internal.edge;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests per "service:Operation" that reached a service (after signature checks, faults included),
 * and per account of the caller's credentials (so a test can show an account receives no traffic).
 */
public final class RequestCounter {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byAccount = new ConcurrentHashMap<>();

    void increment(String accountId, String service, String operation) {
        counts.computeIfAbsent(service + ":" + operation, key -> new LongAdder()).increment();
        byAccount.computeIfAbsent(accountId + ":" + service + ":" + operation, key -> new LongAdder()).increment();
    }

    /** Requests made with credentials of {@code accountId} to {@code service} (any operation when {@code operation} is null). */
    public long countForAccount(String accountId, String service, String operation) {
        String prefix = accountId + ":" + (service == null ? "" : service + ":" + (operation == null ? "" : operation));
        long total = 0;
        for (Map.Entry<String, LongAdder> e : byAccount.entrySet()) {
            if (operation != null ? e.getKey().equals(prefix) : e.getKey().startsWith(prefix)) {
                total += e.getValue().sum();
            }
        }
        return total;
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
        byAccount.clear();
    }
}
