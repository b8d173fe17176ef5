package dev.cutover.sandbox.internal.dynamodb;

import dev.cutover.dynamodb.DynamoDbEngine;
import dev.cutover.dynamodb.ObjectStore;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.nio.file.Path;
import dev.cutover.sandbox.internal.s3.S3Buckets;
import dev.cutover.sandbox.internal.s3.S3Services;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * One in-process {@link DynamoDbEngine} for the whole sandbox; it keeps a store per account and region. The S3 stand-in is
 * made here too, over the buckets the engine exports to and imports from.
 *
 * <p>System properties: {@code cutover.sandbox.dynamodb.ttlSweepMillis} (default 1000) sets how often expired TTL items are
 * removed; {@code cutover.sandbox.dynamodb.streamRetentionSeconds} (default 86400) how long DynamoDB Streams records stay
 * readable; {@code cutover.sandbox.dynamodb.shardRolloverRecords} (default 0, no limit) after how many records a stream's
 * open shard is closed and a child opened (shards also roll over every 4 hours, as DynamoDB's do). The engine runs on the
 * sandbox's clock.
 */
public final class DynamoDbServiceFactory implements AwsServiceFactory {

    @Override
    public List<AwsService> create(SandboxContext context) {
        Path dataDir = context.dataDir() == null ? null : context.dataDir().resolve("dynamodb");
        // S3 comes with DynamoDB: ExportTableToPointInTime writes to, and ImportTable reads from, the same buckets
        S3Buckets buckets = new S3Buckets();
        return List.of(new DynamoDbService(engine(context.clock(), System.getProperties(), buckets, dataDir), buckets),
                S3Services.service(buckets, context.clock()));
    }

    /** The engine the settings describe; a setting that is not a number, or out of range, fails here, at start-up. */
    static DynamoDbEngine engine(Clock clock, Properties settings) {
        return engine(clock, settings, ObjectStore.none(), null);
    }

    /** {@code dataDir}: where the tables are kept across restarts, or null to keep them in memory. */
    static DynamoDbEngine engine(Clock clock, Properties settings, ObjectStore objects, Path dataDir) {
        long sweepMillis = number(settings, "cutover.sandbox.dynamodb.ttlSweepMillis", 1000L);
        long retentionSeconds = number(settings, "cutover.sandbox.dynamodb.streamRetentionSeconds", 86_400L);
        long rolloverRecords = number(settings, "cutover.sandbox.dynamodb.shardRolloverRecords", 0L);
        if (rolloverRecords > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cutover.sandbox.dynamodb.shardRolloverRecords must be at most " + Integer.MAX_VALUE
                    + ", but was " + rolloverRecords);
        }
        return DynamoDbEngine.builder()
                .clock(clock)
                .objectStore(objects)
                .ttlSweepInterval(Duration.ofMillis(sweepMillis))
                .streamRetention(Duration.ofSeconds(retentionSeconds))
                .shardRolloverRecords((int) rolloverRecords)
                .dataDir(dataDir)
                .build();
    }

    private static long number(Properties settings, String name, long fallback) {
        String value = settings.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, but was '" + value + "'", e);
        }
    }
}
