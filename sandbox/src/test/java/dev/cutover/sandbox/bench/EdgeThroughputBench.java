package dev.cutover.sandbox.bench;

import com.sun.net.httpserver.HttpServer;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What the edge costs per request: signed STS GetCallerIdentity calls carrying a BatchWriteItem-sized
 * body (SigV4 body hash, signature check, routing, STS) against the same SDK calls to a bare JDK
 * HttpServer that answers a canned response. Same client, same body, same threads. Run like
 * {@link StartupBench}, class dev.cutover.sandbox.bench.EdgeThroughputBench [threads] [requestsPerThread] [bodyBytes].
 */
public final class EdgeThroughputBench {

    private EdgeThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        int bodyBytes = args.length > 2 ? Integer.parseInt(args[2]) : 16_000;
        String padding = "x".repeat(bodyBytes);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            ExecutorService bareWorkers = Executors.newFixedThreadPool(32);
            HttpServer bare = bareServer(bareWorkers);
            try {
                URI bareEndpoint = URI.create("http://127.0.0.1:" + bare.getAddress().getPort());
                for (int round = 0; round < 2; round++) {
                    double direct = run(client(bareEndpoint, padding), threads, perThread);
                    double viaEdge = run(client(sandbox.endpoint(), padding), threads, perThread);
                    System.out.printf("round=%d threads=%d body=%dB bare=%.0f req/s edge=%.0f req/s edge/bare=%.2f%n", round, threads,
                            bodyBytes, direct, viaEdge, viaEdge / direct);
                }
            } finally {
                bare.stop(0);
                bareWorkers.shutdownNow();
            }
        }
    }

    private static double run(StsClient client, int threads, int perThread) throws Exception {
        for (int i = 0; i < 200; i++) {
            client.getCallerIdentity();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    client.getCallerIdentity();
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        client.close();
        return threads * perThread / seconds;
    }

    /** Pads every request body to a realistic size; STS ignores the extra form field. */
    private static StsClient client(URI endpoint, String padding) {
        return StsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111",
                        "sandbox-root-secret-111111111111")))
                .httpClient(ApacheHttpClient.builder().maxConnections(64).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public java.util.Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
                            ExecutionAttributes attributes) {
                        byte[] body = ("Action=GetCallerIdentity&Version=2011-06-15&Padding=" + padding).getBytes(StandardCharsets.UTF_8);
                        return java.util.Optional.of(RequestBody.fromBytes(body));
                    }

                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                        return context.httpRequest();
                    }
                }))
                .build();
    }

    private static HttpServer bareServer(ExecutorService workers) throws IOException {
        byte[] response = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + "<Arn>arn:aws:iam::111111111111:root</Arn><UserId>111111111111</UserId><Account>111111111111</Account>"
                + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        });
        server.start();
        return server;
    }
}
