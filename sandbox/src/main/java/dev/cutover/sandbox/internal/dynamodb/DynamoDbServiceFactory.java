package dev.cutover.sandbox.internal.dynamodb;

import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.util.List;

/** Starts one in-memory DynamoDB Local for the whole sandbox; accounts are isolated inside it by credential. */
public final class DynamoDbServiceFactory implements AwsServiceFactory {

    @Override
    public List<AwsService> create(SandboxContext context) {
        return List.of(new DynamoDbService(DynamoDbLocalServer.start()));
    }
}
