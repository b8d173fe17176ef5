package dev.cutover.migrations.dynamodb.internal;

/**
 * How many parallel-scan segments a table gets when the user does not say: one per GiB (AWS's
 * guidance is a segment per 1-2 GB), but at least one per scan thread unless the table is known to
 * be small (then one per ~5,000 items), and at most DynamoDB's limit of 1,000,000.
 */
public final class Segments {
    private static final long GIB = 1L << 30;

    private Segments() {
    }

    public static int derive(long sizeBytes, long itemCount, int scanThreads) {
        long bySize = (sizeBytes + GIB - 1) / GIB;
        long floor;
        if (sizeBytes == 0 && itemCount == 0) {
            floor = scanThreads; // unknown (DescribeTable's counts lag ~6 h on AWS): assume big enough
        } else if (itemCount < 5_000L * scanThreads) {
            floor = Math.max(1, (itemCount + 4_999) / 5_000);
        } else {
            floor = scanThreads;
        }
        return (int) Math.min(1_000_000, Math.max(bySize, floor));
    }
}
