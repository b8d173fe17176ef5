package dev.cutover.cli.demo;

import dev.cutover.cli.sandbox.ExampleApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client traffic for the demo: a mix of the example app's reads and writes sent to the router's
 * HTTP endpoint from a few threads, as an API client would. Counts failures (anything but the
 * expected status) and records latencies.
 */
public final class TrafficDriver {

    /** One kind of request: how to build it and which status means success. */
    public record RequestKind(String operation, String method, java.util.function.IntFunction<String> path,
            java.util.function.IntFunction<String> body, int expectedStatus) {
    }

    /**
     * What one burst of traffic saw. A stale read is a read that returned older data than legacy held when it was sent;
     * {@code maxStaleMillis} is the oldest of them: how long before the read legacy had moved past what it returned
     * ({@link Long#MAX_VALUE} when that time is unknown, e.g. an item legacy holds and new never had).
     */
    public record Result(int requests, int failures, long p50Micros, long p99Micros, Map<String, Integer> failuresByStatus,
            List<String> failureSamples, int staleReads, long maxStaleMillis, List<String> staleSamples) {
    }

    /** What the driver asks about the data while it sends: ledger the accepted writes, judge the reads. */
    public interface DataChecks {
        /** No checks: only statuses count. */
        DataChecks NONE = new DataChecks() {
        };

        /** Another status that counts as success for {@code kind} (a deleted item's 404), besides its expected one. */
        default boolean isAlsoSuccess(RequestKind kind, int status) {
            return false;
        }

        /** Called just before a read is sent: what legacy holds now (anything the check needs later), or null. */
        default Object beforeRead(RequestKind kind, int n) {
            return null;
        }

        /** How stale the answer to a read is in milliseconds, or -1 when it is not older than {@code before}. */
        default long staleness(RequestKind kind, int n, Object before, int status, String body, long answeredAtMillis) {
            return -1;
        }

        /** A write the router accepted (its expected status), with the body sent and the body answered. */
        default void accepted(RequestKind kind, int n, String requestBody, String responseBody) {
        }
    }

    private final URI base;
    private final DataChecks checks;
    private final ApiSigner signer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public TrafficDriver(URI base) {
        this(base, DataChecks.NONE);
    }

    /** The same driver (router, signer) with other data checks. */
    public TrafficDriver withChecks(DataChecks other) {
        return new TrafficDriver(base, other, signer);
    }

    /** The router's URL this driver sends to. */
    public URI base() {
        return base;
    }

    public TrafficDriver(URI base, DataChecks checks) {
        this(base, checks, null);
    }

    /** A driver that signs the requests of {@code signer}'s operations (the {@code auth: iam} routes); null signs none. */
    public TrafficDriver(URI base, DataChecks checks, ApiSigner signer) {
        this.base = base;
        this.checks = checks;
        this.signer = signer;
    }

    /**
     * The example app's mix: item reads, owner queries, settings, orders and item updates. Each update carries the next
     * {@code seq} (the consumers apply the newest); one in ten removes the item instead.
     */
    public static List<RequestKind> exampleMix(int items, List<String> settingNames, java.util.function.LongSupplier seq) {
        return List.of(
                new RequestKind("getItem", "GET", i -> "/items/" + ExampleApp.itemId(i % items), null, 200),
                new RequestKind("listOwnerItems", "GET", i -> "/owners/" + ExampleApp.ownerOf(i) + "/items",
                        null, 200),
                new RequestKind("getSetting", "GET", i -> "/settings/" + settingNames.get(i % settingNames.size()), null, 200),
                new RequestKind("createOrder", "POST", i -> "/orders",
                        i -> "{\"customerId\":\"customer-" + (i % 97) + "\",\"sku\":\"" + ExampleApp.itemId(i % items)
                                + "\",\"quantity\":" + (1 + i % 3) + "}", 202),
                new RequestKind("updateItem", "PUT", i -> "/items/" + ExampleApp.itemId(i % items),
                        i -> (i / items) % 10 == 0 ? "{\"remove\":true,\"seq\":" + seq.getAsLong() + "}"
                                : "{\"price\":" + (100 + i % 900) + ",\"seq\":" + seq.getAsLong() + "}", 202));
    }

    /** Sends {@code count} requests drawn from {@code kinds} on {@code threads} threads; blocks until done. */
    public Result run(List<RequestKind> kinds, int count, int threads, long seed) {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        LongAdder failures = new LongAdder();
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        LongAdder stale = new LongAdder();
        java.util.concurrent.atomic.AtomicLong maxStale = new java.util.concurrent.atomic.AtomicLong();
        List<String> staleSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed + t);
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        RequestKind kind = kinds.get(random.nextInt(kinds.size()));
                        int n = random.nextInt(1_000_000);
                        long start = System.nanoTime();
                        Object before = kind.body() == null ? checks.beforeRead(kind, n) : null;
                        String[] answer = new String[1];
                        String outcome = send(kind, n, answer);
                        latencies[i] = (System.nanoTime() - start) / 1000;
                        if (outcome == null && kind.body() == null) {
                            int status = Integer.parseInt(answer[0].substring(0, 3));
                            long staleMillis = checks.staleness(kind, n, before, status, answer[0].substring(4),
                                    System.currentTimeMillis());
                            if (staleMillis >= 0) {
                                stale.increment();
                                maxStale.accumulateAndGet(staleMillis, Math::max);
                                if (staleSamples.size() < 5) {
                                    staleSamples.add(kind.operation() + " " + kind.path().apply(n) + " (" + status + "): stale by "
                                            + (staleMillis == Long.MAX_VALUE ? "an unknown time" : staleMillis + " ms"));
                                }
                            }
                        }
                        if (outcome != null) {
                            failures.increment();
                            byStatus.merge(outcome.substring(0, outcome.indexOf(' ')), 1, Integer::sum);
                            if (samples.size() < 5) {
                                samples.add(kind.operation() + ": " + outcome);
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("traffic interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("traffic thread failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(count, (int) failures.sum(), percentile(sorted, 0.50), percentile(sorted, 0.99), Map.copyOf(byStatus),
                List.copyOf(samples), (int) stale.sum(), maxStale.get(), List.copyOf(staleSamples));
    }

    /** Returns null on success (with "STATUS body" in {@code answer[0]}), else "STATUS body-excerpt". */
    private String send(RequestKind kind, int n, String[] answer) {
        URI uri = base.resolve(kind.path().apply(n));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        String sent = kind.body() == null ? null : kind.body().apply(n);
        if (sent != null) {
            request.method(kind.method(), HttpRequest.BodyPublishers.ofString(sent))
                    .header("Content-Type", "application/json");
        } else {
            request.method(kind.method(), HttpRequest.BodyPublishers.noBody());
        }
        if (signer != null && signer.signs(kind.operation())) {
            signer.sign(request, kind.method(), uri, sent == null ? null : sent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == kind.expectedStatus() || checks.isAlsoSuccess(kind, response.statusCode())) {
                answer[0] = response.statusCode() + " " + response.body();
                if (sent != null) {
                    checks.accepted(kind, n, sent, response.body());
                }
                return null;
            }
            String body = response.body();
            return response.statusCode() + " " + (body.length() > 160 ? body.substring(0, 160) : body);
        } catch (IOException e) {
            return "000 " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "000 interrupted";
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
