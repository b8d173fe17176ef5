package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * {@code ./cutover sandbox} as a user runs it: a child JVM in the foreground, the env file it writes used
 * by plain SDK clients exactly as a shell would export it, then SIGTERM (what Ctrl-C's shutdown path runs).
 */
class SandboxCommandProcessTest {

    @Test
    void sandbox_withEnvFile_servesTheSeededLegacyAppAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path envFile = dir.resolve("sandbox.env");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                "dev.cutover.cli.CutoverMain", "sandbox", "--port", "0", "--items", "50", "--env-file", envFile.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilWritten(process, envFile, output));
        try {
            assertThat(ready.get(90, TimeUnit.SECONDS)).as("the sandbox printed 'wrote <env file>': %s", output).isTrue();
            Map<String, String> env = parse(envFile);
            assertThat(env).containsKeys("AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "CUTOVER_LEGACY_ACCOUNT", "CUTOVER_NEW_ACCOUNT", "CUTOVER_LEGACY_ROLE_ARN", "CUTOVER_EXTERNAL_ID");
            assertThat(env.get("AWS_ENDPOINT_URL")).startsWith("http://127.0.0.1:");
            assertThat(env.get("CUTOVER_LEGACY_ROLE_ARN")).startsWith("arn:aws:iam::" + env.get("CUTOVER_LEGACY_ACCOUNT") + ":role/");
            assertThat(String.join("\n", output)).contains(env.get("CUTOVER_LEGACY_ROLE_ARN"), env.get("CUTOVER_EXTERNAL_ID"));

            URI endpoint = URI.create(env.get("AWS_ENDPOINT_URL"));
            Region region = Region.of(env.get("AWS_REGION"));
            try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo(env.get("CUTOVER_NEW_ACCOUNT"));
                assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(env.get("CUTOVER_LEGACY_ROLE_ARN")).roleSessionName("cli-test")))
                        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
                Credentials legacy = sts.assumeRole(b -> b.roleArn(env.get("CUTOVER_LEGACY_ROLE_ARN")).roleSessionName("cli-test")
                        .externalId(env.get("CUTOVER_EXTERNAL_ID"))).credentials();
                try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(region)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsSessionCredentials.create(legacy.accessKeyId(), legacy.secretAccessKey(), legacy.sessionToken())))
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
                    var item = dynamo.getItem(b -> b.tableName("legacy-shop-items").key(Map.of("id", AttributeValue.fromS("item-000007"))));
                    assertThat(item.item()).containsKey("owner");
                    assertThatThrownBy(() -> dynamo.deleteItem(b -> b.tableName("legacy-shop-items")
                            .key(Map.of("id", AttributeValue.fromS("item-000007")))))
                            .isInstanceOfSatisfying(DynamoDbException.class,
                                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
                }
            }

            process.destroy(); // SIGTERM: the shutdown hook closes the sandbox
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the sandbox JVM exits after SIGTERM").isTrue();
            assertThatThrownBy(() -> new Socket(endpoint.getHost(), endpoint.getPort()).close()).isInstanceOf(ConnectException.class);
        } finally {
            process.destroyForcibly();
        }
    }

    private static boolean readUntilWritten(Process process, Path envFile, List<String> output) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.equals("wrote " + envFile)) {
                    // keep draining so the child never blocks on a full pipe
                    Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "sandbox-output");
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> parse(Path envFile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
