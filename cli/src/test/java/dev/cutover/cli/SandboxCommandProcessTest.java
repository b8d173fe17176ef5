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

    /**
     * {@code --data-dir}: every write the sandbox acknowledged survives SIGKILL (no shutdown hook runs), conditional
     * updates and deletes included, and the restored sandbox does not seed over the kept tables.
     */
    @Test
    void sandbox_withDataDirKilledMidTraffic_keepsEveryAcknowledgedWriteAfterRestart(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        Path envFile = dir.resolve("sandbox.env");
        Map<String, Map<String, AttributeValue>> acknowledged = new LinkedHashMap<>();
        Process first = startSandbox(envFile, dataDir, "--no-seed");
        try {
            Map<String, String> env = awaitEnv(first, envFile);
            try (DynamoDbClient dynamo = rootClient(env)) {
                dynamo.createTable(b -> b.tableName("kept").billingMode("PAY_PER_REQUEST")
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"),
                                a -> a.attributeName("g").attributeType("S"))
                        .globalSecondaryIndexes(g -> g.indexName("byG").keySchema(k -> k.attributeName("g").keyType("HASH"))
                                .projection(pr -> pr.projectionType("ALL"))));
                for (int i = 0; i < 300; i++) {
                    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("p" + (i % 7)),
                            "sk", AttributeValue.fromN(Integer.toString(i)), "g", AttributeValue.fromS("g" + (i % 3)),
                            "v", AttributeValue.fromN("19.9"));
                    dynamo.putItem(b -> b.tableName("kept").item(item));
                    acknowledged.put(i % 7 + "/" + i, item);
                }
                for (int i = 0; i < 300; i += 10) {
                    int n = i;
                    var updated = dynamo.updateItem(b -> b.tableName("kept")
                            .key(Map.of("pk", AttributeValue.fromS("p" + (n % 7)), "sk", AttributeValue.fromN(Integer.toString(n))))
                            .updateExpression("SET v = v + :one").conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).returnValues("ALL_NEW"));
                    acknowledged.put(n % 7 + "/" + n, updated.attributes());
                }
                for (int i = 5; i < 300; i += 10) {
                    int n = i;
                    dynamo.deleteItem(b -> b.tableName("kept")
                            .key(Map.of("pk", AttributeValue.fromS("p" + (n % 7)), "sk", AttributeValue.fromN(Integer.toString(n)))));
                    acknowledged.remove(n % 7 + "/" + n);
                }
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: nothing is flushed on the way out
            first.waitFor(30, TimeUnit.SECONDS);
        }

        Files.delete(envFile);
        Process second = startSandbox(envFile, dataDir);
        try {
            Map<String, String> env = awaitEnv(second, envFile);
            try (DynamoDbClient dynamo = rootClient(env)) {
                assertThat(dynamo.listTables().tableNames()).as("restored, and not seeded over").containsExactly("kept");
                Map<String, Map<String, AttributeValue>> restored = new LinkedHashMap<>();
                dynamo.scanPaginator(b -> b.tableName("kept")).items()
                        .forEach(item -> restored.put(item.get("pk").s().substring(1) + "/" + item.get("sk").n(), item));
                assertThat(restored.keySet()).as("every acknowledged key, and no deleted one").isEqualTo(acknowledged.keySet());
                acknowledged.forEach((key, item) -> assertThat(restored.get(key)).as(key).isEqualTo(item));
                assertThat(restored.get("0/0").get("v").n()).isEqualTo("20.9");
                assertThat(dynamo.query(b -> b.tableName("kept").indexName("byG").keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("g1")))).count())
                        .as("the index is rebuilt too")
                        .isEqualTo((int) acknowledged.values().stream().filter(i -> i.get("g").s().equals("g1")).count());
            }
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    private static Process startSandbox(Path envFile, Path dataDir, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                "dev.cutover.cli.CutoverMain", "sandbox", "--port", "0", "--env-file", envFile.toString(),
                "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Map<String, String> awaitEnv(Process process, Path envFile) throws Exception {
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilWritten(process, envFile, output));
        assertThat(ready.get(90, TimeUnit.SECONDS)).as("the sandbox printed 'wrote <env file>': %s", output).isTrue();
        return parse(envFile);
    }

    private static DynamoDbClient rootClient(Map<String, String> env) {
        return DynamoDbClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL"))).region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(UrlConnectionHttpClient.create()).build();
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
