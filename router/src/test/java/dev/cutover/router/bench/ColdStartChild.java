package dev.cutover.router.bench;

import dev.cutover.router.RouterHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One fresh JVM of {@link ColdStartBench}: does one cold start and prints {@code RESULT key=value ...}.
 * Modes: {@code router} (Lambda's path: {@code new RouterHandler()} from the environment, then the
 * first event), {@code minimal} ({@link MinimalHandler}, the same), and {@code urlconnection},
 * {@code apache}, {@code crt} (that HTTP client, a DynamoDB client on it, the first GetItem). Never
 * touches the sandbox's classes: the router and minimal modes run on the shaded Lambda jar.
 */
public final class ColdStartChild {
    private ColdStartChild() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String mode = args[0];
        Map<String, String> env = System.getenv();
        String result;
        if (mode.equals("router") || mode.equals("minimal")) {
            byte[] event = BenchSetup.event(env.get("BENCH_ITEM_ID"), "cold-start");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (mode.equals("router")) {
                RouterHandler handler = new RouterHandler();
                long init = System.nanoTime();
                handler.handleRequest(new ByteArrayInputStream(event), out, null);
                result = String.format("initMs=%.1f firstInvokeMs=%.1f", ms(init - start), ms(System.nanoTime() - init));
            } else {
                MinimalHandler handler = new MinimalHandler(env);
                long init = System.nanoTime();
                handler.handleRequest(new ByteArrayInputStream(event), out, null);
                result = String.format("initMs=%.1f firstInvokeMs=%.1f", ms(init - start), ms(System.nanoTime() - init));
            }
            if (!out.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200")) {
                throw new IllegalStateException(mode + " answered " + out.toString(StandardCharsets.UTF_8));
            }
        } else {
            SdkHttpClient http = switch (mode) {
                case "urlconnection" -> UrlConnection.create();
                case "apache" -> Apache.create();
                case "crt" -> Crt.create();
                default -> throw new IllegalArgumentException("mode " + mode);
            };
            long built = System.nanoTime();
            DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).region(Region.of(env.get("BENCH_REGION")))
                    .endpointOverride(URI.create(env.get("CUTOVER_ENDPOINT_URL")))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                    .build();
            long sdkBuilt = System.nanoTime();
            boolean found = dynamoDb.getItem(b -> b.tableName(env.get("BENCH_TABLE"))
                    .key(Map.of("id", AttributeValue.fromS(env.get("BENCH_ITEM_ID"))))).hasItem();
            long answered = System.nanoTime();
            if (!found) {
                throw new IllegalStateException("no item");
            }
            result = String.format("httpClientBuildMs=%.1f sdkClientBuildMs=%.1f firstCallMs=%.1f", ms(built - start),
                    ms(sdkBuilt - built), ms(answered - sdkBuilt));
        }
        long mainToResponse = System.nanoTime() - start;
        long now = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf("RESULT mainToResponseMs=%.1f jvmToResponseMs=%d %s%n", ms(mainToResponse), now - jvmStart, result);
        System.out.flush();
        System.exit(0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Each client in its own class, so loading this one never loads (or verifies against) the others. */
    private static final class UrlConnection {
        static SdkHttpClient create() {
            return UrlConnectionHttpClient.builder().build();
        }
    }

    private static final class Apache {
        static SdkHttpClient create() {
            return ApacheHttpClient.builder().build();
        }
    }

    private static final class Crt {
        static SdkHttpClient create() {
            return AwsCrtHttpClient.builder().build();
        }
    }
}
