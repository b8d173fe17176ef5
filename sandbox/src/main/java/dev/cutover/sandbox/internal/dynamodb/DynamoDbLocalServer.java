package dev.cutover.sandbox.internal.dynamodb;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local 3.x running in this JVM, in memory, listening on 127.0.0.1 only, on a free port.
 *
 * <p>Why not {@code ServerRunner.createServerFromCommandLineArgs}: its {@code DynamoDBProxyServer}
 * builds {@code new org.eclipse.jetty.server.Server(port)}, which listens on every interface (0.0.0.0)
 * and has no host option ({@code -port}, {@code -inMemory}, {@code -sharedDb}, ... but no {@code -host}).
 * So this class wires the same public pieces ServerRunner wires ({@link LocalDynamoDBRequestHandler}
 * inside {@link LocalDynamoDBServerHandler} inside a Jetty {@link ContextHandler}) into a Jetty server
 * whose only connector is bound to 127.0.0.1:0, and reads the port the OS picked (no probe-then-bind race).
 * Telemetry is never configured, so nothing leaves the machine.
 *
 * <p>Natives: DynamoDB Local 3.x carries the sqlite4java libraries inside its own jar
 * ({@code software/amazon/dynamodb/services/local/shared/access/sqlite/native/<OS>/<arch>/}) and its
 * {@code SQLiteLibraryLoader} extracts the right one to the temp dir on first use, unless
 * {@code org.sqlite.lib.path} points elsewhere. No Maven copy step and no {@code sqlite4java.library.path}
 * are needed (the separate {@code libsqlite4java-*} artifacts it still declares are unused).
 *
 * <p>Data is partitioned by the access key id and region of the (unverified) Authorization header,
 * because {@code -sharedDb} is off.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final Server server;
    private final LocalDynamoDBRequestHandler requests;
    private final URI endpoint;

    private DynamoDbLocalServer(Server server, LocalDynamoDBRequestHandler requests, URI endpoint) {
        this.server = server;
        this.requests = requests;
        this.endpoint = endpoint;
    }

    public static DynamoDbLocalServer start() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("dynamodb-local");
        threads.setDaemon(true);
        Server server = new Server(threads);
        LocalDynamoDBRequestHandler requests = null;
        try {
            // authorityLevel 0, in memory, no db file, not shared, no transient-status delays: what ServerRunner passes.
            requests = new LocalDynamoDBRequestHandler(0, true, null, false, false);
            ContextHandler context = new ContextHandler();
            context.setHandler(new LocalDynamoDBServerHandler(requests, null));
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            contexts.addHandler(context);
            server.setHandler(contexts);

            ServerConnector connector = new ServerConnector(server);
            connector.setHost(LOOPBACK);
            connector.setPort(0);
            server.addConnector(connector);
            server.start();
            return new DynamoDbLocalServer(server, requests, URI.create("http://" + LOOPBACK + ":" + connector.getLocalPort()));
        } catch (Exception e) {
            stopQuietly(server, requests);
            throw new IllegalStateException("DynamoDB Local failed to start on " + LOOPBACK + ": " + e.getMessage()
                    + ". It needs the sqlite4java native library for os.name=" + System.getProperty("os.name")
                    + ", os.arch=" + System.getProperty("os.arch") + " (shipped inside DynamoDBLocal.jar) and a writable "
                    + "java.io.tmpdir to extract it to", e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(server, requests);
    }

    /**
     * Stops Jetty, then DynamoDB Local's engine: each per-access-key database keeps a non-daemon
     * SQLiteQueue thread and a worker pool that only {@link LocalDynamoDBRequestHandler#shutdown()} ends,
     * so without it a JVM that closed its sandbox never exits.
     */
    private static void stopQuietly(Server server, LocalDynamoDBRequestHandler requests) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // shutting down: nothing useful to do with a failure to stop
        }
        if (requests != null) {
            try {
                requests.shutdown();
            } catch (RuntimeException ignored) {
                // same: the databases are in memory, nothing is lost
            }
        }
    }
}
