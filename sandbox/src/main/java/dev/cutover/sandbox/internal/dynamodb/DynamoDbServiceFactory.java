package dev.cutover.sandbox.internal.dynamodb;

import dev.cutover.dynamodb.DynamoDbEngine;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * One in-process {@link DynamoDbEngine} for the whole sandbox; it keeps a store per account and region.
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
        return List.of(new DynamoDbService(engine(context.clock(), System.getProperties(), dataDir)));
    }

    /**
     * The engine the settings describe; a setting that is not a number, or out of range, fails here, at start-up.
     * {@code dataDir}: where the tables are kept across restarts, or null to keep them in memory.
     */
    static DynamoDbEngine engine(Clock clock, Properties settings, Path dataDir) {
        long sweepMillis = number(settings, "cutover.sandbox.dynamodb.ttlSweepMillis", 1000L);
        long retentionSeconds = number(settings, "cutover.sandbox.dynamodb.streamRetentionSeconds", 86_400L);
        long rolloverRecords = number(settings, "cutover.sandbox.dynamodb.shardRolloverRecords", 0L);
        if (rolloverRecords > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cutover.sandbox.dynamodb.shardRolloverRecords must be at most " + Integer.MAX_VALUE
                    + ", but was " + rolloverRecords);
        }
        return DynamoDbEngine.builder()
                .clock(clock)
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
