package dev.cutover.sandbox.internal.s3;

import dev.cutover.sandbox.internal.edge.AwsService;
import java.time.Clock;

/** Builds the S3 stand-in over buckets another stand-in may share (DynamoDB's export and import write and read them). */
public final class S3Services {

    private S3Services() {
    }

    public static AwsService service(S3Buckets buckets, Clock clock) {
        return new S3Service(buckets, clock);
    }
}
