package dev.cutover.router;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.aws.AwsClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The router served over plain HTTP on 127.0.0.1 (JDK HttpServer), for {@code ./cutover router} and
 * tests: the same {@link CutoverRouter} as on Lambda, so answers and errors are identical.
 *
 * <pre>{@code
 * try (LocalRouterServer server = LocalRouterServer.start(config, factory, 8080)) { ... server.url() ... }
 * }</pre>
 */
public final class LocalRouterServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final CutoverRouter router;
    private final boolean ownsRouter;
    private final int maxBodyBytes;

    private LocalRouterServer(CutoverRouter router, boolean ownsRouter, int port) throws IOException {
        this.router = router;
        this.ownsRouter = ownsRouter;
        this.maxBodyBytes = router.config().router().maxBodyBytes();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "cutover-router-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /**
     * Builds a router from {@code config} with clients from {@code factory} and serves it on
     * 127.0.0.1:{@code port} (0: any free port). Closing the server closes the router, not the factory.
     */
    public static LocalRouterServer start(CutoverConfig config, AwsClientFactory factory, int port) {
        return start(CutoverRouter.create(config, factory), true, port);
    }

    /** Serves an existing router; closing the server leaves the router open. */
    public static LocalRouterServer start(CutoverRouter router, int port) {
        return start(router, false, port);
    }

    private static LocalRouterServer start(CutoverRouter router, boolean owns, int port) {
        try {
            return new LocalRouterServer(router, owns, port);
        } catch (IOException e) {
            if (owns) {
                router.close();
            }
            throw new RoutingException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (is another process using the port? pick another one, or 0 for any free port)", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. http://127.0.0.1:8080. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public CutoverRouter router() {
        return router;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            RouterResponse response = router.handle(toRequest(exchange));
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private RouterRequest toRequest(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            // Read one byte past the limit: enough to know the body is too large without holding all of it.
            body = in.readNBytes(maxBodyBytes + 1);
        }
        String requestId = UUID.randomUUID().toString();
        return RouterRequest.withBodyBytes(exchange.getRequestMethod(), rawPath == null ? "/" : rawPath, query, headers, body, requestId);
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                query.put(decode(name), decode(value));
            } catch (IllegalArgumentException e) {
                // A malformed pair is dropped: a template needing it then answers 400 "needs query parameter".
                continue;
            }
        }
        return query;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (ownsRouter) {
            router.close();
        }
    }
}
