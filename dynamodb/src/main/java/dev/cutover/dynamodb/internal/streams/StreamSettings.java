package dev.cutover.dynamodb.internal.streams;

import java.time.Duration;

/**
 * How long stream records are kept and when a stream's open shard is closed and replaced by a child.
 *
 * @param retention records older than this are trimmed (DynamoDB: 24 hours)
 * @param rolloverRecords a shard is closed once it holds this many records; 0 for no count limit
 * @param rolloverInterval a shard is closed once it is this old (DynamoDB: about 4 hours); zero for no age limit
 * @param iteratorLifetime shard iterators expire this long after they are issued (DynamoDB: 15 minutes)
 */
public record StreamSettings(Duration retention, int rolloverRecords, Duration rolloverInterval, Duration iteratorLifetime) {

    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    public static final Duration DEFAULT_ROLLOVER_INTERVAL = Duration.ofHours(4);
    public static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);

    public StreamSettings {
        if (retention == null || retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("streamRetention must be positive, but was " + retention);
        }
        if (rolloverRecords < 0) {
            throw new IllegalArgumentException("shardRolloverRecords must be zero or positive, but was " + rolloverRecords);
        }
        if (rolloverInterval == null || rolloverInterval.isNegative()) {
            throw new IllegalArgumentException("shardRolloverInterval must be zero or positive, but was " + rolloverInterval);
        }
        if (iteratorLifetime == null || iteratorLifetime.isZero() || iteratorLifetime.isNegative()) {
            throw new IllegalArgumentException("iteratorLifetime must be positive, but was " + iteratorLifetime);
        }
    }

    public static StreamSettings defaults() {
        return new StreamSettings(DEFAULT_RETENTION, 0, DEFAULT_ROLLOVER_INTERVAL, ITERATOR_LIFETIME);
    }
}
