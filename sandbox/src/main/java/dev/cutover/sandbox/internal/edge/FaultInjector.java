package dev.cutover.sandbox.internal.edge;

import dev.cutover.sandbox.AccountFaults;
import dev.cutover.sandbox.Faults;
import dev.cutover.sandbox.SandboxException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The faults in force. Readers see an immutable snapshot (one volatile read per request, nothing
 * when no fault is set); writers replace the snapshot. Keys are {@code service[:Operation][@account]}:
 * a fault without {@code @account} hits every account, one with it only that account's calls, and
 * wins over the first (the most specific throttle wins: operation before service, account before all).
 */
public final class FaultInjector implements Faults {

    private record State(Map<String, Double> throttles, Map<String, Duration> latencies, Set<String> unavailable) {
        boolean isEmpty() {
            return throttles.isEmpty() && latencies.isEmpty() && unavailable.isEmpty();
        }
    }

    private static final State NONE = new State(Map.of(), Map.of(), Set.of());

    private final Supplier<Set<String>> serviceNames;
    private final Set<String> accountIds;
    private final IntSupplier expireAll;
    private volatile State state = NONE;
    private final UnprocessedItemsFault unprocessedItems = new UnprocessedItemsFault();

    public FaultInjector(Supplier<Set<String>> serviceNames, Collection<String> accountIds, IntSupplier expireAll) {
        this.serviceNames = serviceNames;
        this.accountIds = Set.copyOf(accountIds);
        this.expireAll = expireAll;
    }

    /** Throws the fault's error, or sleeps for its latency; returns normally when the call may go on. */
    void apply(AwsService service, String operation, Protocol protocol, String accountId) {
        State current = state;
        if (current == NONE) {
            return;
        }
        String name = service.serviceName();
        String forAccount = name + "@" + accountId;
        if (current.unavailable().contains(forAccount) || current.unavailable().contains(name)) {
            String scope = current.unavailable().contains(forAccount) ? " for account " + accountId : "";
            throw new AwsException(503, "ServiceUnavailable",
                    "Service Unavailable (sandbox fault: " + name + " is unavailable" + scope + ")");
        }
        Duration latency = current.latencies().getOrDefault(forAccount, current.latencies().get(name));
        if (latency != null) {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsException(500, "InternalFailure", "interrupted while injecting latency");
            }
        }
        for (String key : List.of(name + ":" + operation + "@" + accountId, name + ":" + operation, forAccount, name)) {
            Double fraction = current.throttles().get(key);
            if (fraction != null) {
                if (ThreadLocalRandom.current().nextDouble() < fraction) {
                    int status = protocol == Protocol.REST_JSON ? 429 : 400;
                    throw new AwsException(status, service.throttlingErrorCode(operation), "Rate exceeded (sandbox fault: throttling "
                            + key + ")");
                }
                return;
            }
        }
    }

    @Override
    public void throttle(String service, double fraction) {
        addThrottle(service, null, null, fraction);
    }

    @Override
    public void throttle(String service, String operation, double fraction) {
        addThrottle(service, requireOperation(operation), null, fraction);
    }

    @Override
    public void latency(String service, Duration latency) {
        addLatency(service, null, latency);
    }

    @Override
    public void unavailable(String service) {
        addUnavailable(service, null);
    }

    @Override
    public AccountFaults forAccount(String accountId) {
        if (!accountIds.contains(accountId)) {
            throw new SandboxException("no account '" + accountId + "' in the sandbox; accounts: " + new TreeSet<>(accountIds));
        }
        return new AccountFaults() {
            @Override
            public String accountId() {
                return accountId;
            }

            @Override
            public void throttle(String service, double fraction) {
                addThrottle(service, null, accountId, fraction);
            }

            @Override
            public void throttle(String service, String operation, double fraction) {
                addThrottle(service, requireOperation(operation), accountId, fraction);
            }

            @Override
            public void latency(String service, Duration latency) {
                addLatency(service, accountId, latency);
            }

            @Override
            public void unavailable(String service) {
                addUnavailable(service, accountId);
            }
        };
    }

    private static String requireOperation(String operation) {
        if (operation == null || operation.isBlank()) {
            throw new SandboxException("throttle operation must be an operation name like \"BatchWriteItem\" but was '" + operation + "'");
        }
        return operation;
    }

    private static String key(String service, String operation, String accountId) {
        return service + (operation == null ? "" : ":" + operation) + (accountId == null ? "" : "@" + accountId);
    }

    private synchronized void addThrottle(String service, String operation, String accountId, double fraction) {
        requireService(service);
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new SandboxException("throttle fraction must be between 0 and 1 but was " + fraction);
        }
        Map<String, Double> throttles = new HashMap<>(state.throttles());
        throttles.put(key(service, operation, accountId), fraction);
        state = new State(Map.copyOf(throttles), state.latencies(), state.unavailable());
    }

    private synchronized void addLatency(String service, String accountId, Duration latency) {
        requireService(service);
        if (latency == null || latency.isNegative()) {
            throw new SandboxException("latency must be zero or positive but was " + latency);
        }
        Map<String, Duration> latencies = new HashMap<>(state.latencies());
        latencies.put(key(service, null, accountId), latency);
        state = new State(state.throttles(), Map.copyOf(latencies), state.unavailable());
    }

    private synchronized void addUnavailable(String service, String accountId) {
        requireService(service);
        Set<String> unavailable = new HashSet<>(state.unavailable());
        unavailable.add(key(service, null, accountId));
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

    /**
     * For the admin endpoint: {"throttle": {"service[:Operation][@account]": fraction}, "latencyMillis":
     * {"service[@account]": millis}, "unavailable": ["service[@account]", ...]}.
     */
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
