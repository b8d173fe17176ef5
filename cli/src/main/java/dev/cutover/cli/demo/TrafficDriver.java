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

    /** What one burst of traffic saw. */
    public record Result(int requests, int failures, long p50Micros, long p99Micros, Map<String, Integer> failuresByStatus,
            List<String> failureSamples) {
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public TrafficDriver(URI base) {
        this.base = base;
    }

    /** The example app's mix: item reads, owner queries, settings, orders and item updates. */
    public static List<RequestKind> exampleMix(int items, List<String> settingNames) {
        return List.of(
                new RequestKind("getItem", "GET", i -> "/items/" + ExampleApp.itemId(i % items), null, 200),
                new RequestKind("listOwnerItems", "GET", i -> "/owners/" + ExampleApp.ownerOf(i) + "/items",
                        null, 200),
                new RequestKind("getSetting", "GET", i -> "/settings/" + settingNames.get(i % settingNames.size()), null, 200),
                new RequestKind("createOrder", "POST", i -> "/orders",
                        i -> "{\"customerId\":\"customer-" + (i % 97) + "\",\"sku\":\"" + ExampleApp.itemId(i % items)
                                + "\",\"quantity\":" + (1 + i % 3) + "}", 202),
                new RequestKind("updateItem", "PUT", i -> "/items/" + ExampleApp.itemId(i % items),
                        i -> "{\"price\":" + (100 + i % 900) + "}", 202));
    }

    /** Sends {@code count} requests drawn from {@code kinds} on {@code threads} threads; blocks until done. */
    public Result run(List<RequestKind> kinds, int count, int threads, long seed) {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        LongAdder failures = new LongAdder();
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
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
                        String outcome = send(kind, n);
                        latencies[i] = (System.nanoTime() - start) / 1000;
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
                List.copyOf(samples));
    }

    /** Returns null on success, else "STATUS body-excerpt". */
    private String send(RequestKind kind, int n) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(kind.path().apply(n))).timeout(Duration.ofSeconds(10));
        if (kind.body() != null) {
            request.method(kind.method(), HttpRequest.BodyPublishers.ofString(kind.body().apply(n)))
                    .header("Content-Type", "application/json");
        } else {
            request.method(kind.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == kind.expectedStatus()) {
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
