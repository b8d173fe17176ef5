package dev.cutover.cli.sandbox;

import dev.cutover.cli.CommonOptions;
import dev.cutover.config.CutoverConfig;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cutover sandbox}: a local two-account AWS in the foreground, seeded with the example app. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Run a local two-account AWS on 127.0.0.1 (DynamoDB, SQS, STS, IAM, SSM, AppConfig behind one endpoint),",
            "seeded with the example legacy application. Ctrl-C stops it."})
public final class SandboxCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "4566",
            description = "Port of the edge endpoint (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--env-file", paramLabel = "PATH",
            description = "Also write the endpoint, accounts, credentials, role ARN and ExternalId as KEY=value lines.")
    Path envFile;

    @Option(names = "--items", defaultValue = "2000", description = "Items to seed in the legacy table (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--no-seed", description = "Start empty: no tables, items, parameters, roles or flags.")
    boolean noSeed;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = {"Keep the DynamoDB tables in DIR across restarts (a snapshot plus an fsynced append-only log); queues,",
                "parameters, roles and flags stay in memory. When DIR already holds tables, they are restored and nothing is seeded."})
    Path dataDir;

    @Option(names = "--credential-lifetime", paramLabel = "SECONDS",
            description = "Make STS credentials expire after this many seconds (to watch refreshes); default: as requested.")
    Integer credentialLifetimeSeconds;

    /** Whether a data directory already holds DynamoDB data (a sandbox ran with it before and created tables). */
    static boolean hasTables(Path dataDir) throws IOException {
        Path dynamodb = dataDir.resolve("dynamodb");
        if (!Files.isDirectory(dynamodb)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dynamodb)) {
            return files.anyMatch(p -> p.getFileName().toString().matches("(snapshot-\\d+\\.jsonl|journal-\\d+\\.log)")
                    && p.toFile().length() > 0);
        }
    }

    @Override
    public Integer call() throws Exception {
        CutoverConfig config = options.loadConfig();
        SandboxConfig.Builder builder = SandboxConfig.builder().port(port).region(config.region())
                .legacyAccountId(config.accounts().legacy().accountId()).newAccountId(config.accounts().newAccountId());
        if (credentialLifetimeSeconds != null) {
            builder.credentialLifetime(Duration.ofSeconds(credentialLifetimeSeconds));
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean restoring = false;
        if (dataDir != null) {
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--data-dir " + dataDir + " is a file, not a directory: pass a directory (it is created when missing)");
            }
            restoring = hasTables(dataDir);
            builder.dataDir(dataDir);
        }
        Sandbox sandbox = Sandbox.start(builder.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        String roleArn = config.accounts().legacy().roleArn();
        if (restoring) {
            out.printf("restored the DynamoDB tables kept in %s; not seeding (start with an empty --data-dir to seed)%n", dataDir);
        } else if (!noSeed) {
            SandboxSeeder.Seeded seeded = SandboxSeeder.seed(sandbox, config, items, 20);
            out.printf("seeded: %d items, %d parameters, role %s%n", seeded.items(), seeded.parameters(), seeded.roleArn());
            SandboxSeeder.apiClientRole(config).ifPresent(role -> out.printf("auth: iam routes of ./cutover router: sign with the new"
                    + " account's keys below, or assume arn:aws:iam::%s:role/%s (execute-api:Invoke on exactly those routes)%n",
                    role.accountId(), role.name()));
        }
        Map<String, String> env = environment(sandbox, config, roleArn);
        out.printf("sandbox ready in %d ms at %s%n", sandbox.startupTime().toMillis(), sandbox.endpoint());
        env.forEach((k, v) -> out.printf("  %s=%s%n", k, v));
        out.printf("legacy root credentials: AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s%n", sandbox.legacyAccountId(),
                sandbox.rootSecretKey(sandbox.legacyAccountId()));
        out.printf("try: /usr/bin/aws --endpoint-url %s dynamodb list-tables   (with the variables above exported)%n",
                sandbox.endpoint());
        out.println("Ctrl-C stops the sandbox.");
        out.flush();
        if (envFile != null) {
            writeEnvFile(envFile, env);
            out.println("wrote " + envFile);
            out.flush();
        }
        stopped.await();
        return 0;
    }

    static Map<String, String> environment(Sandbox sandbox, CutoverConfig config, String roleArn) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", sandbox.endpoint().toString());
        env.put("AWS_REGION", sandbox.region());
        env.put("AWS_ACCESS_KEY_ID", sandbox.newAccountId());
        env.put("AWS_SECRET_ACCESS_KEY", sandbox.rootSecretKey(sandbox.newAccountId()));
        env.put("CUTOVER_LEGACY_ACCOUNT", sandbox.legacyAccountId());
        env.put("CUTOVER_NEW_ACCOUNT", sandbox.newAccountId());
        env.put("CUTOVER_LEGACY_ROLE_ARN", roleArn);
        env.put("CUTOVER_EXTERNAL_ID", config.accounts().legacy().externalId());
        return env;
    }

    static void writeEnvFile(Path file, Map<String, String> env) throws IOException {
        StringBuilder text = new StringBuilder("# cutover sandbox: the new account's root credentials (sandbox-only, not secret)\n");
        env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }
}
