package dev.cutover.migrations.dynamodb.internal;

import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.dynamodb.ItemTransform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The two passes of verify: per-range digests, then key-to-digest maps of the ranges that differ. */
public final class TableDigest {
    private static final int SCAN_THREADS = 8;
    /**
     * Items per Scan page. Without a Limit a page is 1 MB (thousands of items); bounded pages keep each
     * call short, so a slow or loaded table answers within the SDK's attempt timeout instead of timing
     * out whole pages, and the copy's page size (500 by default) is of the same order.
     */
    static final int PAGE_SIZE = 1000;

    private TableDigest() {
    }

    /** Count and XOR of item digests per key range. */
    public static final class Ranges {
        private final long[] counts;
        private final long[][] xors;

        Ranges(int n) {
            counts = new long[n];
            xors = new long[n][4];
        }

        synchronized void add(int range, byte[] digest) {
            counts[range]++;
            long[] x = xors[range];
            for (int i = 0; i < 4; i++) {
                x[i] ^= toLong(digest, i * 8);
            }
        }

        public synchronized boolean same(Ranges other, int range) {
            return counts[range] == other.counts[range] && java.util.Arrays.equals(xors[range], other.xors[range]);
        }

        public synchronized long items() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }

    public static Ranges ranges(DynamoDbClient client, String table, ItemTransform transform, List<String> keyNames, int n, int segments) {
        Ranges ranges = new Ranges(n);
        scan(client, table, segments, transform, (key, item) -> {
            byte[] keyHash = sha256(key);
            ranges.add(range(keyHash, n), sha256(ItemJson.canonical(item)));
        }, keyNames);
        return ranges;
    }

    /** Canonical key JSON to item digest (hex), for the items whose key falls in one of {@code wanted}. */
    public static Map<String, String> items(DynamoDbClient client, String table, ItemTransform transform, List<String> keyNames, int n,
            Set<Integer> wanted, int segments) {
        Map<String, String> out = new ConcurrentHashMap<>();
        scan(client, table, segments, transform, (key, item) -> {
            if (wanted.contains(range(sha256(key), n))) {
                out.put(key, HexFormat.of().formatHex(sha256(ItemJson.canonical(item))));
            }
        }, keyNames);
        return out;
    }

    private static void scan(DynamoDbClient client, String table, int segments, ItemTransform transform,
            BiConsumer<String, Map<String, AttributeValue>> sink, List<String> keyNames) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(SCAN_THREADS, segments), r -> {
            Thread t = new Thread(r, "verify-scan-" + table);
            t.setDaemon(true);
            return t;
        });
        AtomicLong seen = new AtomicLong();
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                futures.add(pool.submit(() -> {
                    Map<String, AttributeValue> start = null;
                    do {
                        Map<String, AttributeValue> exclusiveStart = start;
                        ScanResponse page = client.scan(r -> r.tableName(table).segment(segment).totalSegments(segments)
                                .limit(PAGE_SIZE).exclusiveStartKey(exclusiveStart));
                        for (Map<String, AttributeValue> raw : page.items()) {
                            Map<String, AttributeValue> item = transform.apply(raw);
                            if (item == null) {
                                continue;
                            }
                            Map<String, AttributeValue> key = new LinkedHashMap<>();
                            for (String k : keyNames) {
                                key.put(k, item.get(k));
                            }
                            sink.accept(ItemJson.canonical(key), item);
                            seen.incrementAndGet();
                        }
                        start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                    } while (start != null);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("verify of " + table + " was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new MigrationException("verify of " + table + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static int range(byte[] keyHash, int n) {
        return (int) Long.remainderUnsigned(toLong(keyHash, 0), n);
    }

    private static long toLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xff);
        }
        return v;
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static byte[] sha256(String s) {
        return SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
