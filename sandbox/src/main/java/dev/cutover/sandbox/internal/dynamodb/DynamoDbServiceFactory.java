package dev.cutover.sandbox.internal.dynamodb;

import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One in-memory DynamoDB Local for the whole sandbox; accounts are isolated inside it by credential.
 *
 * <p>It starts on a background thread and the first DynamoDB request waits for it: a cold start costs
 * most of a second of class loading, which then overlaps the start of the edge and the other services
 * instead of adding to it.
 */
public final class DynamoDbServiceFactory implements AwsServiceFactory {

    @Override
    public List<AwsService> create(SandboxContext context) {
        CompletableFuture<DynamoDbLocalServer> starting = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                starting.complete(DynamoDbLocalServer.start());
            } catch (RuntimeException | Error e) {
                starting.completeExceptionally(e);
            }
        }, "dynamodb-local-start");
        starter.setDaemon(true);
        starter.start();
        return List.of(new DynamoDbService(starting));
    }
}
