package dev.cutover.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.RouteAuth;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The router served over plain HTTP on 127.0.0.1 (JDK HttpServer), for {@code ./cutover router} and
 * tests: the same {@link CutoverRouter} as on Lambda, so answers and errors are identical.
 *
 * <p>Like API Gateway in front of the Lambda, it enforces each operation's {@code auth} before the router runs: an
 * {@code auth: iam} route is served only to a request the {@link LocalAuthorizer} allows (a SigV4 signature for
 * {@code execute-api} from a principal allowed {@code execute-api:Invoke} on
 * {@code arn:aws:execute-api:REGION:NEW_ACCOUNT:local/$default/METHOD/PATH}); an {@code auth: jwt} route answers 401
 * (JWTs are verified only by API Gateway's JWT authorizer). {@link LocalAuthorizer#off()} switches that off.
 *
 * <pre>{@code
 * try (LocalRouterServer server = LocalRouterServer.start(config, factory, 8080, new SandboxLocalAuthorizer(endpoint))) { ... }
 * }</pre>
 */
public final class LocalRouterServer implements AutoCloseable {
    /** The API id in the execute-api ARNs of the local server's routes (API Gateway's is assigned at deploy time). */
    public static final String LOCAL_API_ID = "local";
    /** The stage in those ARNs: the HTTP API's default stage, as the CDK app creates it. */
    public static final String LOCAL_STAGE = "$default";

    private static final System.Logger LOG = System.getLogger(LocalRouterServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final CutoverRouter router;
    private final boolean ownsRouter;
    private final int maxBodyBytes;
    private final RouteTable routes;
    private final LocalAuthorizer authorizer;
    private final ObjectMapper json = new ObjectMapper();

    private LocalRouterServer(CutoverRouter router, boolean ownsRouter, int port, LocalAuthorizer authorizer) throws IOException {
        this.router = router;
        this.ownsRouter = ownsRouter;
        this.maxBodyBytes = router.config().router().maxBodyBytes();
        this.routes = new RouteTable(router.config());
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        if (!authorizer.enforces()) {
            LOG.log(System.Logger.Level.WARNING, "event=local_auth_off: the local router serves auth: iam and auth: jwt routes to anyone"
                    + " who reaches 127.0.0.1, without checking signatures or tokens");
        }
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
     * 127.0.0.1:{@code port} (0: any free port), {@code auth: iam} routes checked by {@code authorizer}. Closing the server
     * closes the router, not the factory.
     */
    public static LocalRouterServer start(CutoverConfig config, AwsClientFactory factory, int port, LocalAuthorizer authorizer) {
        return start(CutoverRouter.create(config, factory), true, port, authorizer);
    }

    /** Serves an existing router, {@code auth: iam} routes checked by {@code authorizer}; closing the server leaves the router open. */
    public static LocalRouterServer start(CutoverRouter router, int port, LocalAuthorizer authorizer) {
        return start(router, false, port, authorizer);
    }

    /**
     * Serves an existing router with nothing that can verify SigV4: {@code auth: iam} routes are refused with 403 (secure
     * by default), {@code auth: none} routes served.
     */
    public static LocalRouterServer start(CutoverRouter router, int port) {
        return start(router, false, port, LocalAuthorizer.unavailable("this route requires SigV4 (auth: iam) and the local router"
                + " was started without an authorizer that can verify it; start it against a cutover sandbox"
                + " (./cutover router --endpoint URL) or call the route through API Gateway"));
    }

    /** The execute-api ARN API Gateway's IAM authorizer evaluates for a request, with the local API id and stage. */
    public static String invokeArn(CutoverConfig config, String method, String rawPath) {
        return config.arns(Side.NEW).executeApi(LOCAL_API_ID, LOCAL_STAGE, method, rawPath.startsWith("/") ? rawPath.substring(1)
                : rawPath);
    }

    private static LocalRouterServer start(CutoverRouter router, boolean owns, int port, LocalAuthorizer authorizer) {
        try {
            return new LocalRouterServer(router, owns, port, authorizer);
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
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                // Read one byte past the limit: enough to know the body is too large without holding all of it.
                body = in.readNBytes(maxBodyBytes + 1);
            }
            RouterRequest request = toRequest(exchange, body);
            RouterResponse denied = authorize(exchange, request, body);
            RouterResponse response = denied != null ? denied : router.handle(request);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /**
     * API Gateway's part: null when the route may be served (no route, {@code auth: none}, enforcement off, or an allowed
     * {@code auth: iam} request), else the refusal. A request the router refuses anyway before any backend call (no such
     * route, a method not allowed, an unsafe path, a body over the limit) is left to it.
     */
    private RouterResponse authorize(HttpExchange exchange, RouterRequest request, byte[] body) {
        if (!authorizer.enforces() || body.length > maxBodyBytes) {
            return null;
        }
        Operation operation;
        try {
            operation = routes.match(request.method(), request.rawPath()).operation();
        } catch (HttpFailure f) {
            return null;
        }
        if (operation.auth() == RouteAuth.NONE) {
            return null;
        }
        if (operation.auth() == RouteAuth.JWT) {
            return refusal(401, "Unauthorized", "Unauthorized: the local router does not verify JWTs; operation '" + operation.name()
                    + "' (auth: jwt) is served only through API Gateway's JWT authorizer (or by ./cutover router --no-auth, for"
                    + " experiments)", request.requestId(), Map.of("www-authenticate", "Bearer"));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        LocalAuthorizer.Verdict verdict = authorizer.authorize(new LocalAuthorizer.Invoke(request.method(), request.rawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body, invokeArn(router.config(), request.method(), request.rawPath())));
        if (verdict.allowed()) {
            return null;
        }
        return refusal(verdict.status(), verdict.errorType(), verdict.message(), request.requestId(), Map.of());
    }

    private RouterResponse refusal(int status, String errorType, String message, String requestId, Map<String, String> extra) {
        ObjectNode body = json.createObjectNode();
        body.put("message", message);
        body.put("requestId", requestId);
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("content-type", "application/json");
        headers.put("x-amzn-ErrorType", errorType);
        try {
            return new RouterResponse(status, headers, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private RouterRequest toRequest(HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
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
