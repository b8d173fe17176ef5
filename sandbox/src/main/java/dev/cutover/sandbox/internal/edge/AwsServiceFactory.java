package dev.cutover.sandbox.internal.edge;

import java.util.List;

/**
 * Creates the stand-ins of one feature (e.g. DynamoDB, SSM). Discovered with
 * {@link java.util.ServiceLoader} from
 * {@code META-INF/services/dev.cutover.sandbox.internal.edge.AwsServiceFactory}; the sandbox calls
 * every factory in parallel once the edge is bound (so {@link SandboxContext#endpoint()} is known)
 * and closes the services on shutdown.
 */
public interface AwsServiceFactory {

    List<AwsService> create(SandboxContext context);
}
