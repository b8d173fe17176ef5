package dev.cutover.sandbox.internal.dynamodb;

import dev.cutover.dynamodb.DynamoDbEngine;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.time.Duration;
import java.util.List;

/**
 * One in-process {@link DynamoDbEngine} for the whole sandbox; it keeps a store per account and region.
 *
 * <p>System property {@code cutover.sandbox.dynamodb.ttlSweepMillis} (default 1000) sets how often expired TTL items are
 * removed.
 */
public final class DynamoDbServiceFactory implements AwsServiceFactory {

    @Override
    public List<AwsService> create(SandboxContext context) {
        long sweepMillis = Long.getLong("cutover.sandbox.dynamodb.ttlSweepMillis", 1000L);
        DynamoDbEngine engine = DynamoDbEngine.builder().ttlSweepInterval(Duration.ofMillis(sweepMillis)).build();
        return List.of(new DynamoDbService(engine));
    }
}
