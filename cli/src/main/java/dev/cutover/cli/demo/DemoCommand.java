package dev.cutover.cli.demo;

import dev.cutover.cli.flags.FlagControl;
import dev.cutover.cli.flags.Phase;
import dev.cutover.cli.sandbox.ExampleApp;
import dev.cutover.cli.sandbox.SandboxSeeder;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Operation;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.config.state.CutoverState;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.DynamoDbTableVerifier;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.dynamodb.VerifyReport;
import dev.cutover.migrations.dynamodb.WriteMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.ssm.SsmApplyReport;
import dev.cutover.migrations.ssm.SsmCopyOptions;
import dev.cutover.migrations.ssm.SsmParameterCopier;
import dev.cutover.migrations.ssm.SsmPlan;
import dev.cutover.migrations.workflow.DataEvidence;
import dev.cutover.migrations.workflow.FlagSafety;
import dev.cutover.router.CutoverRouter;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.LocalRouterServer;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** {@code cutover demo}: a whole strangler-fig cutover on the embedded sandbox, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Walk a whole cutover locally: start the two-account sandbox seeded with a legacy app, apply the IAM roles",
            "from the CDK app's synthesized templates, start the router on 127.0.0.1, then move every operation from legacy",
            "to new (SSM copy, DynamoDB copy + verify, shadow reads, canary 10/50/100%, dual writes, writes to new) while",
            "client traffic flows through the router. Exits 0 only if no client request failed and verify found both sides equal."})
public final class DemoCommand implements Callable<Integer> {
    static final String ROUTER_FLAGS_WAIT = "router-flags-picked-up";
    static final int ROUTER_FLAGS_POLLS = 40;

    @Spec
    CommandSpec spec;

    @Option(names = "--items", defaultValue = "5000", description = "Items in the legacy table (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--requests", defaultValue = "600", description = "Client requests per phase (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--threads", defaultValue = "4", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--credential-lifetime", defaultValue = "10", paramLabel = "SECONDS",
            description = "Lifetime of STS credentials in the sandbox, short so they expire and refresh during the demo"
                    + " (default ${DEFAULT-VALUE}).")
    int credentialLifetime;

    @Option(names = "--serve", description = "Keep the sandbox and the router running afterwards, for curl.")
    boolean serve;

    @Option(names = "--port", defaultValue = "0", description = "Sandbox port (default: any free port; 4566 is common).")
    int port;

    @Option(names = "--router-port", defaultValue = "0", description = "Router port on 127.0.0.1 (default: any free port).")
    int routerPort;

    @Option(names = "--work-dir", defaultValue = ".cutover/demo",
            description = "Config, templates, reports and logs (default ${DEFAULT-VALUE}).")
    Path workDir;

    private PrintWriter out;
    private final List<PhaseRow> rows = new ArrayList<>();
    private long assumeRoleCalls;
    /** AssumeRole calls made while client traffic ran: only the router's providers refreshing expired sessions. */
    private long refreshesDuringTraffic;
    /** Every operation of the demo's configuration, for the per-side request counts. */
    private List<String> operations = List.of();
    private final long started = System.nanoTime();

    /** One line of the per-phase table. */
    record PhaseRow(String phase, TrafficDriver.Result traffic, long legacy, long fresh, long mismatches, long secondaryFailures) {
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Files.createDirectories(workDir);
        // AppConfig's minimum poll interval is 15 s; the sandbox allows 1 s so the demo does not wait.
        System.setProperty("cutover.sandbox.appconfig.defaultPollIntervalSeconds", "1");
        Path configFile = workDir.resolve("cutover.yaml");
        Files.writeString(configFile, CutoverConfig.exampleText());
        CutoverConfig config = demoConfig(CutoverConfig.load(configFile));
        operations = config.operations().stream().map(Operation::name).toList();
        Path stateDir = workDir.resolve("state");
        CutoverState state = CutoverState.locate(stateDir);
        Files.deleteIfExists(stateDir.resolve("state.json"));
        // Every run starts a fresh sandbox: checkpoints and reports of an earlier run would describe other tables.
        try (var old = Files.list(workDir)) {
            for (Path file : old.filter(f -> f.getFileName().toString().matches(".*\\.(checkpoint|dead-letters|copy|verify)\\..*"))
                    .toList()) {
                Files.delete(file);
            }
        }

        heading("Start the sandbox (legacy " + config.accounts().legacy().accountId() + ", new " + config.accounts().newAccountId()
                + ", STS credentials live " + credentialLifetime + " s)");
        Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(port).region(config.region())
                .legacyAccountId(config.accounts().legacy().accountId()).newAccountId(config.accounts().newAccountId())
                .credentialLifetime(Duration.ofSeconds(credentialLifetime)).build());
        LocalRouterServer server = null;
        try {
            say("sandbox at %s, ready in %d ms", sandbox.endpoint(), sandbox.startupTime().toMillis());
            int parameters = SandboxSeeder.seedData(sandbox, config, items, 20);
            say("seeded legacy: %d items in %s, %d parameters under %s (SecureStrings included), queues; flags profile in new",
                    items, config.resources(Side.LEGACY).table("items").name(), parameters,
                    config.resources(Side.LEGACY).parameterTree("settings").path());

            heading("Apply IAM from the CDK app (synthesized offline)");
            FlagControl.Ids ids;
            try (AppConfigClient appConfig = SandboxSeeder.client(AppConfigClient.builder(), sandbox, config.accounts().newAccountId())) {
                ids = new FlagControl(appConfig, config).ids();
            }
            Path cdkOut = workDir.resolve("cdk.out");
            List<Path> templates = CdkRoles.synthesize(configFile, cdkOut, CdkRoles.routerCode(Path.of("").toAbsolutePath(), workDir));
            CdkRoles.load(sandbox, config, templates, ids);
            say("loaded %s and %s: roles %s, %s (new) and %s (legacy, ExternalId required)", templates.get(0).getFileName(),
                    templates.get(1).getFileName(), CdkRoles.ROUTER_ROLE, CdkRoles.MIGRATION_ROLE, config.accounts().legacy().roleArn());

            heading("Start the router on 127.0.0.1 as its Lambda role");
            AwsCredentialsProvider routerRole = assumedRole(sandbox, config, CdkRoles.ROUTER_ROLE, "cutover-router-lambda");
            AwsClientFactory routerClients = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(routerRole)
                    .apiCallTimeout(config.router().backendTimeout()).build(config);
            Path routerLog = workDir.resolve("router.log");
            Files.deleteIfExists(routerLog);
            CutoverRouting routing = CutoverRouting.builder(config, routerClients).logSink(line -> append(routerLog, line)).build();
            server = LocalRouterServer.start(CutoverRouter.on(routing), routerPort);
            say("router at %s (one JSON log line per request in %s)", server.url(), routerLog);
            TrafficDriver traffic = new TrafficDriver(server.url());
            List<TrafficDriver.RequestKind> mix = TrafficDriver.exampleMix(items, ExampleApp.SETTING_NAMES);

            try (AppConfigClient appConfig = SandboxSeeder.client(AppConfigClient.builder(), sandbox, config.accounts().newAccountId())) {
                FlagControl flags = new FlagControl(appConfig, config);
                boolean ok = walk(sandbox, config, state, flags, ids, routing, traffic, mix);
                printTable();
                long assumeRoles = assumeRoleCalls + sandbox.requestCount("sts", "AssumeRole");
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                say("");
                say("STS AssumeRole calls: %d in %d s with credentials that live %d s: the SDK providers refreshed them as they"
                        + " expired (router, migration job and cross-account sessions), once per lifetime, not per request",
                        assumeRoles, seconds, credentialLifetime);
                int failed = rows.stream().mapToInt(r -> r.traffic().failures()).sum();
                int total = rows.stream().mapToInt(r -> r.traffic().requests()).sum();
                say("client requests: %d, failed: %d", total, failed);
                say("credential refreshes while client traffic ran: %d", refreshesDuringTraffic);
                if (refreshesDuringTraffic == 0) {
                    say("no credentials expired while traffic ran: run with a shorter --credential-lifetime or more --requests");
                }
                boolean success = ok && failed == 0 && refreshesDuringTraffic > 0;
                say(success ? "RESULT: cutover complete - every operation is served by the new account, legacy receives no traffic."
                        : "RESULT: the cutover did NOT complete cleanly (see above).");
                if (serve) {
                    serve(sandbox, server, config);
                }
                return success ? 0 : 1;
            }
        } finally {
            if (server != null) {
                server.close();
            }
            sandbox.close();
        }
    }

    private boolean walk(Sandbox sandbox, CutoverConfig config, CutoverState state, FlagControl flags, FlagControl.Ids ids,
            CutoverRouting routing, TrafficDriver traffic, List<TrafficDriver.RequestKind> mix) throws InterruptedException {
        List<String> reads = config.operations().stream().filter(Operation::isRead).map(Operation::name).toList();
        List<String> writes = config.operations().stream().filter(op -> !op.isRead()).map(Operation::name).toList();

        heading("Phase 1: every operation on legacy");
        runTraffic("1 all legacy", sandbox, routing, traffic, mix);

        AwsCredentialsProvider migrationRole = assumedRole(sandbox, config, CdkRoles.MIGRATION_ROLE, "cutover-migration-job");
        boolean copiesOk;
        try (AwsClientFactory jobs = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(migrationRole)
                .legacyRole(LegacyAccount.Job.MIGRATION).build(config)) {
            heading("Phase 2: copy the SSM tree (plan, apply, plan again)");
            boolean ssmOk = copySsm(config, state, jobs);
            heading("Phase 3: copy the DynamoDB table, then verify");
            boolean dynamoOk = copyDynamoDb(config, state, jobs);
            copiesOk = ssmOk && dynamoOk;
        }
        if (!copiesOk) {
            say("stopping: the copies are not verified equal, so reads must not move");
            return false;
        }

        heading("Phase 4: shadow reads (legacy answers, new is compared)");
        deploy(sandbox, config, state, flags, ids, routing, reads, Phase.SHADOW, null);
        runTraffic("4 shadow reads", sandbox, routing, traffic, mix);

        // Nothing replicates the tables in this demo, so reads may move to new only once every write also reaches new:
        // the flags guard (FlagSafety) refuses canary reads before this phase.
        heading("Phase 5: dual writes (legacy primary, new gets the same idempotency key)");
        deploy(sandbox, config, state, flags, ids, routing, writes, Phase.DUAL_WRITE, null);
        runTraffic("5 dual writes", sandbox, routing, traffic, mix);

        for (double percent : new double[] {10, 50}) {
            heading("Phase 6: canary " + (int) percent + "% of read keys to new");
            deploy(sandbox, config, state, flags, ids, routing, reads, Phase.CANARY, percent);
            runTraffic("6 canary " + (int) percent + "%", sandbox, routing, traffic, mix);
        }
        heading("Phase 7: reads on new");
        deploy(sandbox, config, state, flags, ids, routing, reads, Phase.NEW, null);
        runTraffic("7 reads new", sandbox, routing, traffic, mix);

        heading("Phase 8: writes on new");
        deploy(sandbox, config, state, flags, ids, routing, writes, Phase.NEW, null);
        runTraffic("8 all new", sandbox, routing, traffic, mix);

        heading("Final check: does legacy still receive traffic?");
        assumeRoleCalls += sandbox.requestCount("sts", "AssumeRole");
        sandbox.resetRequestCounts();
        runTraffic("final check", sandbox, routing, traffic, mix);
        long legacyCalls = sandbox.requestCountForAccount(config.accounts().legacy().accountId(), null, null);
        say("calls to any service with legacy credentials during the last %d requests: %d", requests, legacyCalls);
        return legacyCalls == 0;
    }

    private boolean copySsm(CutoverConfig config, CutoverState state, AwsClientFactory jobs) {
        boolean ok = true;
        try (SsmClient legacy = jobs.build(SsmClient.builder(), Side.LEGACY); SsmClient fresh = jobs.build(SsmClient.builder(), Side.NEW)) {
            SsmParameterCopier copier = new SsmParameterCopier(legacy, fresh);
            for (String tree : config.resources(Side.LEGACY).parameters().keySet()) {
                ParameterTree source = config.resources(Side.LEGACY).parameterTree(tree);
                ParameterTree target = config.resources(Side.NEW).parameterTree(tree);
                SsmCopyOptions.Builder options = SsmCopyOptions.builder().sourcePath(source.path()).targetPath(target.path())
                        .log(out);
                target.kmsKeyArn().ifPresent(options::defaultKmsKeyId);
                SsmPlan plan = copier.plan(options.build());
                say("plan %s -> %s: %s", source.path(), target.path(), plan.counts());
                SsmApplyReport applied = copier.apply(plan, options.build());
                say("apply: %d created, %d updated, %d unchanged, %d failed, %d throttled", applied.created(), applied.updated(),
                        applied.unchanged(), applied.failed(), applied.throttles());
                SsmPlan again = copier.plan(options.build());
                say("plan again: %s%s", again.counts(), again.isUpToDate() ? " (up to date)" : " (NOT up to date)");
                if (again.isUpToDate() && applied.failed() == 0) {
                    state.recordVerified(tree, "ssm plan up to date");
                } else {
                    ok = false;
                }
            }
        }
        return ok;
    }

    private boolean copyDynamoDb(CutoverConfig config, CutoverState state, AwsClientFactory jobs) {
        boolean ok = true;
        try (DynamoDbClient legacy = jobs.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = jobs.build(DynamoDbClient.builder(), Side.NEW)) {
            for (String table : config.resources(Side.LEGACY).tables().keySet()) {
                String source = config.resources(Side.LEGACY).table(table).name();
                String target = config.resources(Side.NEW).table(table).name();
                // overwrite (BatchWriteItem) is right here: the new table is empty and the router never writes it (writes
                // go to queues). With live writes to the target use skip-existing or newer-wins (conditional puts).
                CopyReport copy = new DynamoDbTableCopier(legacy, fresh).copy(DynamoDbCopyOptions.builder().sourceTable(source)
                        .targetTable(target).mode(WriteMode.OVERWRITE).checkpointFile(workDir.resolve(table + ".checkpoint.json"))
                        .deadLetterFile(workDir.resolve(table + ".dead-letters.jsonl")).reportFile(workDir.resolve(table + ".copy.json"))
                        .log(out).build());
                say("copied %s -> %s: %d scanned, %d written, %d skipped, %d dead letters, %.0f items/s", source, target,
                        copy.scanned(), copy.written(), copy.skipped(), copy.deadLettered(), copy.itemsPerSecond());
                VerifyReport verify = new DynamoDbTableVerifier(legacy, fresh).verify(source, target, ItemTransform.identity(), 256,
                        Optional.empty(), 5, Optional.of(workDir.resolve(table + ".verify.json")));
                say("verify: %d vs %d items, %d of %d key ranges differ -> %s", verify.sourceItems(), verify.targetItems(),
                        verify.differingRanges(), verify.ranges(), verify.isEqual() ? "EQUAL" : "DIFFERENT");
                if (verify.isEqual() && !copy.hasDeadLetters()) {
                    state.recordVerified(table, "dynamodb " + source + " = " + target);
                } else {
                    ok = false;
                }
            }
        }
        return ok;
    }

    private void deploy(Sandbox sandbox, CutoverConfig config, CutoverState state, FlagControl flags, FlagControl.Ids ids,
            CutoverRouting routing, List<String> operations, Phase phase, Double percent) throws InterruptedException {
        RoutingFlags live = flags.live(ids).map(FlagControl.LiveFlags::flags).orElse(RoutingFlags.allLegacy(config));
        RoutingFlags proposed = live;
        for (String name : operations) {
            Operation op = config.operation(name).orElseThrow();
            proposed = proposed.with(name, phase.apply(op, proposed.flag(name), percent));
        }
        List<String> problems;
        try (DynamoDbClient checkpoints = SandboxSeeder.client(DynamoDbClient.builder(), sandbox, config.accounts().newAccountId())) {
            problems = FlagSafety.check(config, live, proposed, DataEvidence.gather(config, state, checkpoints,
                    ReplicationOptions.DEFAULT_CHECKPOINT_TABLE, DataEvidence.DEFAULT_MAX_REPLICATION_LAG));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the demo tried an unsafe flag change: " + problems);
        }
        FlagControl.LiveFlags result = flags.publish(ids, proposed, "demo: " + operations + " -> " + phase);
        say("flags version %d deployed: %s", result.version(), describe(config, proposed, operations));
        awaitFlags(routing, proposed);
    }

    /**
     * The router picks flags up inline once its poll interval has passed; a few requests make it look. The resilience4j
     * Retry {@value #ROUTER_FLAGS_WAIT} retries on the result (not yet the new flags): 100 ms growing by half to 1 s,
     * with jitter, up to {@value #ROUTER_FLAGS_POLLS} probes (about 20 to 40 s).
     */
    private void awaitFlags(CutoverRouting routing, RoutingFlags expected) {
        Retry wait = Retry.of(ROUTER_FLAGS_WAIT, RetryConfig.<Boolean>custom().maxAttempts(ROUTER_FLAGS_POLLS)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 1.5, 0.5, Duration.ofSeconds(1)))
                .retryOnResult(picked -> !picked).retryOnException(e -> false).failAfterMaxAttempts(false).build());
        LongAdder retries = new LongAdder();
        wait.getEventPublisher().onRetry(e -> retries.increment());
        boolean picked = wait.executeSupplier(() -> {
            routing.sideFor("getItem", "probe");
            return routing.flags().equals(expected);
        });
        if (!picked) {
            throw new IllegalStateException("the router did not pick up the new flags after " + ROUTER_FLAGS_POLLS + " probes");
        }
        say("router serves the new flags (flag age %d ms, %d probes)", routing.flagAgeMillis(), 1 + retries.sum());
    }

    private static String describe(CutoverConfig config, RoutingFlags flags, List<String> operations) {
        StringBuilder text = new StringBuilder();
        for (String op : operations) {
            text.append(text.length() == 0 ? "" : ", ").append(op).append('=').append(flags.flag(op).describe());
        }
        return text.toString();
    }

    private void runTraffic(String phase, Sandbox sandbox, CutoverRouting routing, TrafficDriver traffic,
            List<TrafficDriver.RequestKind> mix) {
        long legacyBefore = served(routing, operations, "legacy");
        long newBefore = served(routing, operations, "new");
        long mismatchesBefore = routing.metricCount("ShadowMismatches");
        long secondaryBefore = routing.metricCount("SecondaryFailures");
        long assumeRolesBefore = sandbox.requestCount("sts", "AssumeRole");
        TrafficDriver.Result result = traffic.run(mix, requests, threads, rows.size() * 7919L);
        refreshesDuringTraffic += sandbox.requestCount("sts", "AssumeRole") - assumeRolesBefore;
        PhaseRow row = new PhaseRow(phase, result, served(routing, operations, "legacy") - legacyBefore,
                served(routing, operations, "new") - newBefore,
                routing.metricCount("ShadowMismatches") - mismatchesBefore, routing.metricCount("SecondaryFailures") - secondaryBefore);
        rows.add(row);
        say("%d requests: %d served by legacy, %d by new, %d shadow mismatches, %d failed, p50 %.1f ms, p99 %.1f ms",
                result.requests(), row.legacy(), row.fresh(), row.mismatches(), result.failures(), result.p50Micros() / 1000.0,
                result.p99Micros() / 1000.0);
        result.failureSamples().forEach(s -> say("  failed: %s", s));
    }

    private static long served(CutoverRouting routing, List<String> operations, String side) {
        long total = 0;
        for (String op : operations) {
            total += routing.metricCount("Requests:" + op + ":" + side);
        }
        return total;
    }

    private void printTable() {
        heading("Summary");
        say("%-16s %8s %8s %8s %9s %9s %7s %9s %9s", "PHASE", "REQUESTS", "LEGACY", "NEW", "MISMATCH", "2ND FAIL", "ERRORS",
                "P50 ms", "P99 ms");
        for (PhaseRow r : rows) {
            say("%-16s %8d %8d %8d %9d %9d %7d %9.1f %9.1f", r.phase(), r.traffic().requests(), r.legacy(), r.fresh(), r.mismatches(),
                    r.secondaryFailures(), r.traffic().failures(), r.traffic().p50Micros() / 1000.0, r.traffic().p99Micros() / 1000.0);
        }
    }

    private void serve(Sandbox sandbox, LocalRouterServer server, CutoverConfig config) throws InterruptedException {
        heading("Serving: the sandbox and the router keep running (Ctrl-C stops them)");
        say("router:  %s", server.url());
        say("sandbox: %s   (new account root: AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s)", sandbox.endpoint(),
                sandbox.newAccountId(), sandbox.rootSecretKey(sandbox.newAccountId()));
        say("try:");
        say("  curl -s %sitems/%s", server.url(), ExampleApp.itemId(42));
        say("  curl -s %sowners/%s/items", server.url(), ExampleApp.ownerOf(7));
        say("  curl -s %ssettings/currency", server.url());
        say("  curl -s -X POST -H 'content-type: application/json' -d '{\"customerId\":\"c-1\",\"sku\":\"%s\"}' %sorders",
                ExampleApp.itemId(1), server.url());
        say("  ./cutover flags show --config %s --endpoint %s   (with the root credentials above exported)",
                workDir.resolve("cutover.yaml"), sandbox.endpoint());
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
        forever.await();
    }

    private static AwsCredentialsProvider assumedRole(Sandbox sandbox, CutoverConfig config, String roleName, String sessionName) {
        StsClient sts = SandboxSeeder.client(StsClient.builder(), sandbox, config.accounts().newAccountId());
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn("arn:aws:iam::" + config.accounts().newAccountId() + ":role/" + roleName)
                        .roleSessionName(sessionName))
                .prefetchTime(Duration.ofSeconds(4)).staleTime(Duration.ofSeconds(2)).asyncCredentialUpdateEnabled(false).build();
    }

    /** The example configuration with demo timings: 1 s flag polls, credential refresh scaled to short-lived sessions. */
    /**
     * The example as the demo runs it: a 1 s flags poll, and legacy credentials refreshed 4 s (stale 2 s) before they
     * expire, since the sandbox's STS credentials live only {@code --credential-lifetime} seconds. The file on disk (what
     * the CDK app synthesizes from) stays the example: none of these values changes a grant.
     */
    static CutoverConfig demoConfig(CutoverConfig example) {
        return example.toBuilder()
                .appConfig(a -> a.withPollInterval(Duration.ofSeconds(1)))
                .legacyAccount(l -> l.prefetchTime(Duration.ofSeconds(4)).staleTime(Duration.ofSeconds(2)))
                .build();
    }

    private void heading(String text) {
        out.println();
        out.println("== " + text);
        out.flush();
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
        out.flush();
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Region region(CutoverConfig config) {
        return Region.of(config.region());
    }
}
