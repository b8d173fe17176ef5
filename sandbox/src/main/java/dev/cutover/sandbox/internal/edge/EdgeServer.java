package dev.cutover.sandbox.internal.edge;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's one HTTP endpoint on 127.0.0.1. For every request: parse and verify SigV4, resolve
 * the caller, route by credential-scope service, apply faults, count, hand to the service, and
 * render errors in the service's protocol. Paths under {@code /_sandbox/} go to the admin endpoint.
 *
 * <p>Built on the JDK's HttpServer (HTTP/1.1 keep-alive) with a bounded worker pool; TCP_NODELAY is
 * switched on (property {@code sun.net.httpserver.nodelay}) so small responses are not held back.
 */
public final class EdgeServer implements AutoCloseable {

    static {
        // Read once by the JDK when the first HttpServer is created; without it, keep-alive
        // request/response pairs can stall on delayed ACKs.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final System.Logger LOG = System.getLogger(EdgeServer.class.getName());
    private static final String ADMIN_PREFIX = "/_sandbox/";

    private final HttpServer server;
    private final ExecutorService workers;
    private final SignatureVerifier signatures;
    private final Authorizer authorizer;
    private final FaultInjector faults;
    private final RequestCounter counter;
    private volatile Map<String, List<AwsService>> servicesBySigningName = Map.of();
    private volatile AdminEndpoint admin;

    /** Binds 127.0.0.1:{@code port} (0 = any free port) without serving yet. */
    public EdgeServer(int port, String region, Clock clock, AccessKeys accessKeys, Authorizer authorizer, FaultInjector faults,
            RequestCounter counter) {
        this.signatures = new SignatureVerifier(region, clock, accessKeys);
        this.authorizer = authorizer;
        this.faults = faults;
        this.counter = counter;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        } catch (IOException e) {
            throw new SandboxException("cannot bind the sandbox edge to 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); is another sandbox or LocalStack running? Stop it or choose another port", e);
        }
        int threads = Math.max(32, Runtime.getRuntime().availableProcessors() * 8);
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "sandbox-edge-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The edge's own SigV4 verification (credential store, clock, region), for checks made outside a service call. */
    public SignatureVerifier signatures() {
        return signatures;
    }

    /** Registers the services; call before {@link #start()}. */
    public synchronized void register(List<AwsService> services) {
        Map<String, List<AwsService>> copy = new HashMap<>();
        servicesBySigningName.forEach((name, list) -> copy.put(name, new ArrayList<>(list)));
        for (AwsService service : services) {
            copy.computeIfAbsent(service.signingName(), name -> new ArrayList<>()).add(service);
        }
        Map<String, List<AwsService>> frozen = new HashMap<>();
        copy.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
        servicesBySigningName = Map.copyOf(frozen);
    }

    public void admin(AdminEndpoint admin) {
        this.admin = admin;
    }

    public void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        String requestId = requestId();
        Protocol protocol = null;
        String signingName = null;
        Map<String, String> headers = null;
        try {
            String rawPath = exchange.getRequestURI().getRawPath();
            byte[] body = readBody(exchange);
            if (rawPath.startsWith(ADMIN_PREFIX)) {
                send(exchange, admin(exchange, rawPath, body).withHeader("x-amzn-RequestId", requestId));
                return;
            }
            headers = lowerCaseHeaders(exchange.getRequestHeaders());
            String method = exchange.getRequestMethod();
            String authorization = headers.get("authorization");
            if (authorization == null) {
                throw ErrorResponses.missingAuthentication(ErrorResponses.guessProtocol(headers));
            }
            SigV4.Authorization auth;
            try {
                auth = SigV4.parse(authorization);
            } catch (SigV4.MalformedException e) {
                throw ErrorResponses.incompleteSignature(ErrorResponses.guessProtocol(headers), e.getMessage());
            }
            signingName = auth.service();
            AwsService service = route(auth.service(), method, rawPath);
            if (service == null) {
                Protocol guessed = ErrorResponses.guessProtocol(headers);
                throw new AwsException(400, guessed == Protocol.QUERY ? "InvalidAction" : "UnknownOperationException",
                        "The sandbox has no service for signing name '" + auth.service() + "' and " + method + " " + rawPath
                        + "; it serves " + servicesBySigningName.keySet());
            }
            protocol = service.protocol(method, rawPath, headers);
            Caller caller = signatures.authenticate(auth, protocol, method, rawPath, exchange.getRequestURI().getRawQuery(), headers,
                    () -> SigV4.sha256Hex(body));
            EdgeRequest request = new EdgeRequest(method, rawPath, decodeQuery(exchange.getRequestURI().getRawQuery()), headers, body,
                    caller, auth.region(), auth.service(), protocol, authorizer);
            String operation = service.operationName(request);
            counter.increment(caller.accountId(), service.serviceName(), operation);
            faults.apply(service, operation, protocol, caller.accountId());
            EdgeResponse response = faults.unprocessedItems().handle(service, operation, request);
            if (!hasHeader(response, "x-amzn-RequestId")) {
                response = response.withHeader("x-amzn-RequestId", requestId);
            }
            send(exchange, response);
        } catch (AwsException e) {
            Protocol errorProtocol = protocol != null ? protocol
                    : headers != null ? ErrorResponses.guessProtocol(headers) : Protocol.REST_JSON;
            sendQuietly(exchange, ErrorResponses.render(e, errorProtocol, signingName, requestId));
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "event=edge_io_error requestId={0} error={1}", requestId, e.getMessage());
            exchange.close();
        } catch (RuntimeException e) {
            // A stand-in failed: answer 500 in its protocol so the SDK sees a retryable service error.
            LOG.log(System.Logger.Level.WARNING, "event=edge_internal_error requestId=" + requestId + " signingName=" + signingName, e);
            AwsException internal = new AwsException(500, "InternalFailure", "The sandbox's " + signingName + " stand-in failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            Protocol errorProtocol = protocol != null ? protocol
                    : headers != null ? ErrorResponses.guessProtocol(headers) : Protocol.REST_JSON;
            sendQuietly(exchange, ErrorResponses.render(internal, errorProtocol, signingName, requestId));
        }
    }

    private AwsService route(String signingName, String method, String path) {
        List<AwsService> candidates = servicesBySigningName.get(signingName);
        if (candidates == null) {
            return null;
        }
        for (AwsService candidate : candidates) {
            if (candidate.accepts(method, path)) {
                return candidate;
            }
        }
        return null;
    }

    private EdgeResponse admin(HttpExchange exchange, String rawPath, byte[] body) {
        AdminEndpoint endpoint = admin;
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return EdgeResponse.json(403, "application/json", "{\"message\":\"the admin endpoint answers only 127.0.0.1\"}");
        }
        if (endpoint == null) {
            return EdgeResponse.json(503, "application/json", "{\"message\":\"the sandbox is starting\"}");
        }
        return endpoint.handle(exchange.getRequestMethod(), rawPath.substring(ADMIN_PREFIX.length()), body);
    }

    private static byte[] readBody(HttpExchange exchange) throws UncheckedIOException {
        try (InputStream in = exchange.getRequestBody()) {
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null) {
                int size = Integer.parseInt(length.trim());
                byte[] body = in.readNBytes(size);
                if (body.length != size) {
                    throw new IOException("request body ended after " + body.length + " of " + size + " bytes");
                }
                return body;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> lowerCaseHeaders(Headers raw) {
        Map<String, String> headers = new HashMap<>(raw.size() * 2);
        for (Map.Entry<String, List<String>> entry : raw.entrySet()) {
            List<String> values = entry.getValue();
            headers.put(entry.getKey().toLowerCase(java.util.Locale.ROOT), values.size() == 1 ? values.get(0) : String.join(",", values));
        }
        return headers;
    }

    private static Map<String, List<String>> decodeQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = SigV4.percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : SigV4.percentDecode(pair.substring(eq + 1));
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static boolean hasHeader(EdgeResponse response, String name) {
        for (String key : response.headers().keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static void send(HttpExchange exchange, EdgeResponse response) {
        try {
            Headers out = exchange.getResponseHeaders();
            response.headers().forEach(out::set);
            byte[] body = response.body();
            boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(body);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            exchange.close();
        }
    }

    private static void sendQuietly(HttpExchange exchange, EdgeResponse response) {
        try {
            send(exchange, response);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "event=edge_io_error error={0}", e.getMessage());
        }
    }

    /** A UUID-shaped request id from a thread-local generator (no SecureRandom contention per request). */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L, random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L)
                .toString();
    }
}
