package dev.cutover.sandbox.internal.appconfig;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test scaffolding until the real edge is merged: an HTTP server that takes the caller's account
 * from the SigV4 credential (without checking the signature) and hands requests to the AppConfig
 * stand-ins exactly as the edge contract describes. Lets the real SDK clients exercise the wire
 * format of these stand-ins in isolation.
 */
final class UnsignedEdge implements AutoCloseable {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/");

    private final HttpServer server;
    private final List<AwsService> services;

    UnsignedEdge(List<AwsService> services) throws IOException {
        this.services = services;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        EdgeResponse response;
        try {
            response = dispatch(exchange);
        } catch (AwsException e) {
            response = EdgeResponse.json(e.status(), "application/json", "{\"Message\":" + quote(e.getMessage()) + "}")
                    .withHeader("x-amzn-ErrorType", e.code());
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private EdgeResponse dispatch(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        Matcher credential = CREDENTIAL.matcher(headers.getOrDefault("Authorization", ""));
        if (!credential.find()) {
            throw new AwsException(403, "MissingAuthenticationTokenException", "unsigned request");
        }
        AwsService service = services.stream().filter(s -> s.signingName().equals(credential.group(3)))
                .filter(s -> s.accepts(method, rawPath)).findFirst()
                .orElseThrow(() -> new AwsException(404, "UnknownOperationException", method + " " + rawPath));
        Map<String, List<String>> query = new HashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        EdgeRequest request = new EdgeRequest(method, rawPath, query, headers, body, Caller.root(credential.group(1)),
                credential.group(2), credential.group(3), Protocol.REST_JSON, (caller, protocol, action, arn, context) -> { });
        return service.handle(request);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
