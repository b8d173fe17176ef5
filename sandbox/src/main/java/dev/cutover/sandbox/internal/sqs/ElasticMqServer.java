package dev.cutover.sandbox.internal.sqs;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * One embedded ElasticMQ holding the queues of ONE account, listening on 127.0.0.1 only, on a port the
 * OS picks. Its server address is the edge's, so the queue URLs it hands out
 * ({@code http://127.0.0.1:EDGEPORT/ACCOUNT/QUEUE}) lead clients back through the edge, and its ARNs
 * are {@code arn:aws:sqs:REGION:ACCOUNT:QUEUE}.
 */
final class ElasticMqServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final String accountId;
    private final SQSRestServer server;
    private final URI endpoint;

    private ElasticMqServer(String accountId, SQSRestServer server, URI endpoint) {
        this.accountId = accountId;
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts and waits until bound. {@code edge} is the sandbox's base URL, e.g. http://127.0.0.1:4566. */
    static ElasticMqServer start(String accountId, String region, URI edge) {
        int edgePort = edge.getPort() == -1 ? 80 : edge.getPort();
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(LOOPBACK)
                .withDynamicPort()
                .withServerAddress(new NodeAddress(edge.getScheme(), edge.getHost(), edgePort, ""))
                .withAWSAccountId(accountId)
                .withAWSRegion(region)
                .start();
        try {
            int port = server.waitUntilStarted().localAddress().getPort();
            return new ElasticMqServer(accountId, server, URI.create("http://" + LOOPBACK + ":" + port));
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw new IllegalStateException("ElasticMQ for account " + accountId + " failed to start on " + LOOPBACK
                    + ": " + e.getMessage(), e);
        }
    }

    String accountId() {
        return accountId;
    }

    /** Where this ElasticMQ really listens, e.g. {@code http://127.0.0.1:38211}. */
    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(SQSRestServer server) {
        try {
            server.stopAndWait();
        } catch (RuntimeException ignored) {
            // shutting down: nothing useful to do with a failure to stop
        }
    }
}
