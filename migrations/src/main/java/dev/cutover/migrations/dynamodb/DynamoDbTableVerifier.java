package dev.cutover.migrations.dynamodb;

import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.dynamodb.internal.TableDigest;
import dev.cutover.migrations.dynamodb.internal.TableInfo;
import dev.cutover.migrations.dynamodb.internal.TablePreflight;
import dev.cutover.migrations.dynamodb.internal.Segments;
import dev.cutover.migrations.internal.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Compares a source table with its copy without trusting the copy's own counts: both tables are
 * scanned in parallel; each item (source items through the same transform as the copy) is hashed
 * (SHA-256 of its canonical JSON) into one of N key ranges, chosen by the hash of its key; each range
 * keeps a count and the XOR of its item hashes, which does not depend on scan order. Equal ranges are
 * done; only the ranges that differ are scanned again to name the keys that are missing, extra or
 * different. Memory is per range, not per item, on the first pass.
 */
public final class DynamoDbTableVerifier {
    private final DynamoDbClient source;
    private final DynamoDbClient target;

    public DynamoDbTableVerifier(DynamoDbClient source, DynamoDbClient target) {
        this.source = source;
        this.target = target;
    }

    /**
     * @param ranges key ranges to compare (more ranges: a smaller second pass when few items differ)
     * @param segments parallel scan segments per side; empty: derived from the table size
     * @param samples at most this many keys listed per kind of difference
     */
    public VerifyReport verify(String sourceTable, String targetTable, ItemTransform transform, int ranges, Optional<Integer> segments,
            int samples, Optional<Path> reportFile) {
        if (ranges < 1 || ranges > 1 << 20) {
            throw new IllegalArgumentException("ranges must be between 1 and 1048576, but was " + ranges);
        }
        long started = System.nanoTime();
        TableInfo src = TablePreflight.describe(source, sourceTable, TablePreflight.Side.SOURCE);
        TableInfo dst = TablePreflight.describe(target, targetTable, TablePreflight.Side.TARGET);
        TablePreflight.checkKeySchemas(src, dst, transform);
        List<String> targetKeys = new ArrayList<>();
        targetKeys.add(dst.partitionKey());
        dst.sortKey().ifPresent(targetKeys::add);
        int sourceSegments = segments.orElseGet(() -> Segments.derive(src.sizeBytes(), src.itemCount(), 8));
        int targetSegments = segments.orElseGet(() -> Segments.derive(dst.sizeBytes(), dst.itemCount(), 8));

        CompletableFuture<TableDigest.Ranges> sourceRanges = CompletableFuture.supplyAsync(
                () -> TableDigest.ranges(source, sourceTable, transform, targetKeys, ranges, sourceSegments));
        TableDigest.Ranges targetRanges = TableDigest.ranges(target, targetTable, ItemTransform.identity(), targetKeys, ranges,
                targetSegments);
        TableDigest.Ranges sourceResult = join(sourceRanges);

        Set<Integer> differing = new HashSet<>();
        for (int i = 0; i < ranges; i++) {
            if (!sourceResult.same(targetRanges, i)) {
                differing.add(i);
            }
        }
        long missing = 0;
        long extra = 0;
        long different = 0;
        List<String> missingSamples = new ArrayList<>();
        List<String> extraSamples = new ArrayList<>();
        List<String> differentSamples = new ArrayList<>();
        if (!differing.isEmpty()) {
            CompletableFuture<Map<String, String>> sourceItems = CompletableFuture.supplyAsync(
                    () -> TableDigest.items(source, sourceTable, transform, targetKeys, ranges, differing, sourceSegments));
            Map<String, String> targetItems = TableDigest.items(target, targetTable, ItemTransform.identity(), targetKeys, ranges,
                    differing,
                    targetSegments);
            Map<String, String> sourceMap = join(sourceItems);
            for (Map.Entry<String, String> e : sourceMap.entrySet()) {
                String other = targetItems.get(e.getKey());
                if (other == null) {
                    missing++;
                    sample(missingSamples, e.getKey(), samples);
                } else if (!other.equals(e.getValue())) {
                    different++;
                    sample(differentSamples, e.getKey(), samples);
                }
            }
            for (String key : targetItems.keySet()) {
                if (!sourceMap.containsKey(key)) {
                    extra++;
                    sample(extraSamples, key, samples);
                }
            }
        }
        VerifyReport report = new VerifyReport(sourceTable, targetTable, sourceResult.items(), targetRanges.items(), ranges,
                differing.size(),
                missing, extra, different, missingSamples, extraSamples, differentSamples, Duration.ofNanos(System.nanoTime() - started));
        reportFile.ifPresent(file -> {
            try {
                DurableFiles.writeAtomically(file, report.toJson().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MigrationException("verify finished but its report cannot be written to " + file + " (" + e.getMessage()
                        + ")", e);
            }
        });
        return report;
    }

    private static void sample(List<String> samples, String key, int max) {
        if (samples.size() < max) {
            samples.add(key);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
