package dev.cutover.router.bench;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.router.sandbox.RouterWorld;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold starts, each in a fresh JVM ({@link ColdStartChild}) against one sandbox in this JVM, rounds
 * interleaved so drift on the shared machine hits every variant alike; medians per variant.
 *
 * <ul>
 *   <li>{@code init}: the router's Lambda init ({@code new RouterHandler()} from the environment) plus
 *       its first routed getItem, vs {@link MinimalHandler} building the same SDK clients and making
 *       the same GetItem. Both on the shaded Lambda jar ({@code router/target/cutover-router-lambda.jar}),
 *       with {@code -XX:TieredStopAtLevel=1} as Lambda's Java runtime sets it.
 *   <li>{@code http}: build an HTTP client (url-connection, Apache, CRT), a DynamoDB client on it, the
 *       first GetItem, on the test class path (the only one holding all three clients).
 * </ul>
 *
 * <pre>
 * ./mvnw -q -B -pl router -am install -DskipTests
 * ./mvnw -q -B -pl router dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp router/target/test-classes:router/target/classes:$(cat router/target/cp.txt) \
 *     dev.cutover.router.bench.ColdStartBench [init|http] [runs]
 * </pre>
 */
public final class ColdStartBench {
    private static final String ITEM_ID = "item-000042";
    /** What Lambda's Java 17 runtime sets by default (JAVA_TOOL_OPTIONS): C1 only, for faster starts. */
    private static final List<String> LAMBDA_JIT = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private ColdStartBench() {
    }

    /** One fresh JVM's answer: wall time from process start to its RESULT line, and the values it reported. */
    record Run(double wallMs, Map<String, Double> values) {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path routerDir = Path.of("router");
        Path lambdaJar = routerDir.resolve("target/cutover-router-lambda.jar");
        Path testClasses = routerDir.resolve("target/test-classes");
        String testClassPath = System.getProperty("java.class.path");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            CutoverConfig config = BenchSetup.config();
            try (RouterWorld world = RouterWorld.provision(sandbox, config)) {
                world.putItem(Side.LEGACY, ITEM_ID, "ann", Map.of("price", AttributeValue.fromN("12.50")));
                world.putItem(Side.NEW, ITEM_ID, "ann", Map.of("price", AttributeValue.fromN("12.50")));
                Path configFile = Files.createTempFile("cutover-bench", ".yaml");
                Files.writeString(configFile, CutoverConfig.exampleText());
                Map<String, String> env = new HashMap<>();
                env.put("AWS_ACCESS_KEY_ID", sandbox.newAccountId());
                env.put("AWS_SECRET_ACCESS_KEY", sandbox.rootSecretKey(sandbox.newAccountId()));
                env.put("AWS_REGION", sandbox.region());
                env.put("AWS_EC2_METADATA_DISABLED", "true");
                env.put("CUTOVER_ENDPOINT_URL", sandbox.endpoint().toString());
                env.put("CUTOVER_CONFIG_FILE", configFile.toString());
                env.put("BENCH_REGION", sandbox.region());
                env.put("BENCH_ITEM_ID", ITEM_ID);
                env.put("BENCH_ROLE_ARN", config.accounts().legacy().roleArn());
                env.put("BENCH_EXTERNAL_ID", config.accounts().legacy().externalId());
                if (which.equals("all") || which.equals("init")) {
                    env.put("BENCH_TABLE", config.resources(Side.LEGACY).table("items").name());
                    String cp = lambdaJar + File.pathSeparator + testClasses;
                    report("init: fresh JVM to the first response (shaded Lambda jar, -XX:TieredStopAtLevel=1)",
                            rounds(List.of("router", "minimal"), runs, cp, LAMBDA_JIT, env),
                            "router", "minimal");
                }
                if (which.equals("all") || which.equals("http")) {
                    env.put("BENCH_TABLE", config.resources(Side.NEW).table("items").name());
                    report("http: HTTP client + DynamoDB client + first GetItem (test class path, default JIT)",
                            rounds(List.of("urlconnection", "apache", "crt"), runs, testClassPath, List.of(), env),
                            "apache", "urlconnection");
                }
                Files.deleteIfExists(configFile);
            }
        }
    }

    private static Map<String, List<Run>> rounds(List<String> modes, int runs, String classPath, List<String> jvmArgs,
            Map<String, String> env) throws Exception {
        Map<String, List<Run>> results = new LinkedHashMap<>();
        modes.forEach(m -> results.put(m, new ArrayList<>()));
        for (int round = 0; round < runs; round++) {
            for (int i = 0; i < modes.size(); i++) {
                String mode = modes.get((i + round) % modes.size()); // rotate who goes first
                results.get(mode).add(run(mode, classPath, jvmArgs, env));
            }
        }
        return results;
    }

    private static Run run(String mode, String classPath, List<String> jvmArgs, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, ColdStartChild.class.getName(), mode));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CUTOVER_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        StringBuilder output = new StringBuilder();
        Run result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ") && result == null) {
                    double wall = (System.nanoTime() - start) / 1e6;
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (String kv : line.substring(7).split(" ")) {
                        String[] parts = kv.split("=");
                        values.put(parts[0], Double.parseDouble(parts[1]));
                    }
                    result = new Run(wall, values);
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        int exit = p.waitFor();
        if (result == null || exit != 0) {
            throw new IllegalStateException(mode + " exited " + exit + " without a result:\n" + output);
        }
        System.out.printf("  %-13s wall=%.0f ms %s%n", mode, result.wallMs(), result.values());
        return result;
    }

    private static void report(String title, Map<String, List<Run>> results, String numerator, String denominator) {
        System.out.println(title);
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        results.forEach((mode, list) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("wallMs", BenchSetup.median(list.stream().mapToDouble(Run::wallMs).toArray()));
            for (String key : list.get(0).values().keySet()) {
                m.put(key, BenchSetup.median(list.stream().mapToDouble(r -> r.values().get(key)).toArray()));
            }
            medians.put(mode, m);
            System.out.printf("  median of %d %-13s %s%n", list.size(), mode, m);
        });
        for (String key : List.of("wallMs", "jvmToResponseMs", "mainToResponseMs")) {
            for (String mode : medians.keySet()) {
                if (!mode.equals(denominator)) {
                    System.out.printf("  ratio %s/%s %s = %.2f%n", mode, denominator, key,
                            medians.get(mode).get(key) / medians.get(denominator).get(key));
                }
            }
        }
        if (!medians.containsKey(numerator)) {
            throw new IllegalStateException("no " + numerator);
        }
    }
}
