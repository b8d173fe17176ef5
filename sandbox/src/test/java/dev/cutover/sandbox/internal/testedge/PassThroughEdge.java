package dev.cutover.sandbox.internal.testedge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Temporary stand-in for the real edge (no signature check, every caller is root). Replaced by the Sandbox API. */
public final class PassThroughEdge implements AutoCloseable {
    private static final Pattern SCOPE = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/");
    private final HttpServer server;
    private final List<AwsService> services;

    public PassThroughEdge(AwsServiceFactory... factories) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        SandboxContext context = new SandboxContext("us-east-1", List.of("111111111111", "222222222222"),
                "http://127.0.0.1:" + server.getAddress().getPort(), Clock.systemUTC());
        services = java.util.Arrays.stream(factories).flatMap(f -> f.create(context).stream()).toList();
        server.createContext("/", this::handle);
        server.start();
    }

    public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb(String account) {
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(java.net.URI.create(endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(account, "x"))).build();
    }

    public software.amazon.awssdk.services.sqs.SqsClient sqs(String account) {
        return software.amazon.awssdk.services.sqs.SqsClient.builder().endpointOverride(java.net.URI.create(endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(account, "x"))).build();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        Matcher m = SCOPE.matcher(headers.getOrDefault("Authorization", ""));
        EdgeResponse response;
        Protocol protocol = Protocol.JSON_1_0;
        try {
            if (!m.find()) {
                throw new AwsException(403, "MissingAuthenticationToken", "no auth");
            }
            AwsService service = services.stream().filter(s -> s.signingName().equals(m.group(3))).findFirst().orElseThrow();
            Map<String, String> lower = new HashMap<>();
            headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
            protocol = service.protocol(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), lower);
            EdgeRequest request = new EdgeRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), Map.of(),
                    headers, body, Caller.root(m.group(1)), m.group(2), m.group(3), protocol, (c, p, a, r, ctx) -> { });
            response = service.handle(request);
        } catch (AwsException e) {
            String json = "{\"__type\":\"" + e.code() + "\",\"message\":\"" + e.getMessage().replace("\"", "'") + "\"}";
            response = EdgeResponse.json(e.status(), "application/x-amz-json-1.0", json);
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (var out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        services.forEach(AwsService::close);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
