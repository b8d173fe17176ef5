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
import dev.cutover.cli.sandbox.ShopWorker;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.replication.ReplicationReport;
import dev.cutover.migrations.replication.ReplicationStatus;
import dev.cutover.migrations.workflow.ReplicatedCopy;
import dev.cutover.migrations.ssm.SsmApplyReport;
import dev.cutover.migrations.ssm.SsmCopyOptions;
import dev.cutover.migrations.ssm.SsmParameterCopier;
import dev.cutover.migrations.ssm.SsmPlan;
import dev.cutover.migrations.workflow.DataEvidence;
import dev.cutover.migrations.workflow.FlagSafety;
import dev.cutover.router.CutoverRouter;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.LocalRouterServer;
import dev.cutover.router.SandboxLocalAuthorizer;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** {@code cutover demo}: a whole strangler-fig cutover on the embedded sandbox, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Walk a whole cutover locally: start the two-account sandbox seeded with a legacy app (and its queue consumers),",
            "apply the IAM roles from the CDK app's synthesized templates, start the router on 127.0.0.1, then follow the runbook",
            "(SSM copy; start replication, copy the table under live traffic, verify; shadow reads; canary 10/50/100%; dual writes;",
            "writes to new; drain and stop replication) while client traffic reads and writes through the router. Exits 0 only if",
            "no client request failed, no accepted write was lost, verify is EQUAL at the end and stale reads stayed within the",
            "replication lag bound."})
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
    /** The two accounts' queue consumers. */
    private ShopWorker legacyWorker;
    private ShopWorker newWorker;
    private DemoData data;
    /** The new account's own DynamoDB client (checkpoint table, lost-write check). */
    private DynamoDbClient newRoot;
    /** The replication follower while it runs (phases 3 to 8). */
    private Follower follower;
    private final List<String> lostWrites = new ArrayList<>();
    private boolean finalVerifyEqual;

    /** One line of the per-phase table; {@code maxLagMillis} -1 while nothing replicates. */
    record PhaseRow(String phase, TrafficDriver.Result traffic, long legacy, long fresh, long mismatches, long secondaryFailures,
            long maxLagMillis) {
    }

    /** The replicator following the legacy stream on a thread of its own ({@code replicate dynamodb --follow}). */
    private static final class Follower {
        final String sourceTable;
        final String targetTable;
        final Thread thread;
        final java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        volatile boolean stopping;

        Follower(DynamoDbStreamReplicator replicator, ReplicationOptions options) {
            this.sourceTable = options.sourceTable();
            this.targetTable = options.targetTable();
            this.thread = new Thread(() -> {
                try {
                    replicator.replicate(options);
                } catch (RuntimeException e) {
                    if (!stopping) {
                        failure.set(e);
                    }
                }
            }, "demo-replicator-" + options.sourceTable());
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
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

            Map<String, String> streams = enableLegacyStreams(sandbox, config);
            say("legacy owners enabled the stream (NEW_AND_OLD_IMAGES) of %s (runbook 2a)", streams.keySet());
            newRoot = SandboxSeeder.client(DynamoDbClient.builder(), sandbox, config.accounts().newAccountId());
            createCheckpointTable(newRoot);
            say("checkpoint table %s in new (the CDK stack's MigrationCheckpoints)", ReplicationOptions.DEFAULT_CHECKPOINT_TABLE);
            legacyWorker = ShopWorker.start(config, Side.LEGACY,
                    SandboxSeeder.client(SqsClient.builder(), sandbox, config.accounts().legacy().accountId()),
                    SandboxSeeder.client(DynamoDbClient.builder(), sandbox, config.accounts().legacy().accountId()));
            newWorker = ShopWorker.start(config, Side.NEW,
                    SandboxSeeder.client(SqsClient.builder(), sandbox, config.accounts().newAccountId()), newRoot);
            say("queue consumers running in both accounts: createOrder and updateItem messages -> each account's own items table");

            heading("Apply IAM from the CDK app (synthesized offline)");
            FlagControl.Ids ids;
            try (AppConfigClient appConfig = SandboxSeeder.client(AppConfigClient.builder(), sandbox, config.accounts().newAccountId())) {
                ids = new FlagControl(appConfig, config).ids();
            }
            Path cdkOut = workDir.resolve("cdk.out");
            List<Path> templates = CdkRoles.synthesize(configFile, cdkOut, CdkRoles.routerCode(Path.of("").toAbsolutePath(), workDir),
                    streams);
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
            server = LocalRouterServer.start(CutoverRouter.on(routing), routerPort, new SandboxLocalAuthorizer(sandbox.endpoint()));
            say("router at %s (one JSON log line per request in %s)", server.url(), routerLog);
            SandboxSeeder.apiClientRole(config).ifPresent(sandbox.iam()::putRole);
            AwsCredentialsProvider apiClient = assumedRole(sandbox, config, SandboxSeeder.API_CLIENT_ROLE, "demo-api-client");
            ApiSigner signer = ApiSigner.forIamRoutes(config, apiClient);
            say("auth: iam routes (%s) need SigV4 for execute-api, verified by the sandbox; the clients sign them as role %s,"
                    + " which may invoke exactly those routes", config.operations().stream().filter(op -> signer.signs(op.name()))
                    .map(Operation::name).toList(), SandboxSeeder.API_CLIENT_ROLE);
            data = new DemoData(items, SandboxSeeder.client(DynamoDbClient.builder(), sandbox, config.accounts().legacy().accountId()),
                    config.resources(Side.LEGACY).table("items").name(), legacyWorker::applied);
            TrafficDriver traffic = new TrafficDriver(server.url(), data, signer);
            List<TrafficDriver.RequestKind> mix = TrafficDriver.exampleMix(items, ExampleApp.SETTING_NAMES, data::nextSeq);

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
                int stale = rows.stream().mapToInt(r -> r.traffic().staleReads()).sum();
                long oldest = rows.stream().mapToLong(r -> r.traffic().maxStaleMillis()).max().orElse(0);
                long bound = DataEvidence.DEFAULT_MAX_REPLICATION_LAG.toMillis();
                boolean staleOk = oldest <= bound;
                say("stale reads (new answered older data than legacy held): %d, the oldest %s (bound: %d ms, the guard's"
                        + " --max-replication-lag) -> %s", stale, oldest == Long.MAX_VALUE ? "of unknown age" : oldest + " ms", bound,
                        staleOk ? "within the bound" : "OVER THE BOUND");
                say("lost writes (accepted by the router, missing from new at the end): %d of %d%s", lostWrites.size(),
                        data.acceptedWrites(), lostWrites.isEmpty() ? "" : " " + lostWrites);
                say("verify after the last replicated write: %s", finalVerifyEqual ? "EQUAL" : "NOT EQUAL");
                boolean success = ok && failed == 0 && refreshesDuringTraffic > 0 && staleOk && lostWrites.isEmpty() && finalVerifyEqual;
                say(success ? "RESULT: cutover complete - every operation is served by the new account, legacy receives no traffic."
                        : "RESULT: the cutover did NOT complete cleanly (see above).");
                if (serve) {
                    serve(sandbox, server, config);
                }
                return success ? 0 : 1;
            }
        } finally {
            if (follower != null) {
                follower.stop();
            }
            for (ShopWorker w : new ShopWorker[] {legacyWorker, newWorker}) {
                if (w != null) {
                    w.close();
                }
            }
            if (server != null) {
                server.close();
            }
            sandbox.close();
        }
    }

    /** Runbook 2a, done by the legacy owners: a stream with new images on every legacy table; logical name to stream ARN. */
    private static Map<String, String> enableLegacyStreams(Sandbox sandbox, CutoverConfig config) {
        Map<String, String> arns = new LinkedHashMap<>();
        try (DynamoDbClient legacy = SandboxSeeder.client(DynamoDbClient.builder(), sandbox, config.accounts().legacy().accountId())) {
            for (Map.Entry<String, dev.cutover.config.Table> t : config.resources(Side.LEGACY).tables().entrySet()) {
                legacy.updateTable(r -> r.tableName(t.getValue().name()).streamSpecification(spec -> spec.streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
                arns.put(t.getKey(), legacy.describeTable(r -> r.tableName(t.getValue().name())).table().latestStreamArn());
            }
        }
        return arns;
    }

    /** The checkpoint table the new account's stack creates (partition key job, S). */
    private static void createCheckpointTable(DynamoDbClient newRoot) {
        newRoot.createTable(r -> r.tableName(ReplicationOptions.DEFAULT_CHECKPOINT_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("job").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("job").keyType(KeyType.HASH)));
        newRoot.waiter().waitUntilTableExists(r -> r.tableName(ReplicationOptions.DEFAULT_CHECKPOINT_TABLE));
    }

    private boolean walk(Sandbox sandbox, CutoverConfig config, CutoverState state, FlagControl flags, FlagControl.Ids ids,
            CutoverRouting routing, TrafficDriver traffic, List<TrafficDriver.RequestKind> mix) throws InterruptedException {
        List<String> reads = config.operations().stream().filter(Operation::isRead).map(Operation::name).toList();
        List<String> writes = config.operations().stream().filter(op -> !op.isRead()).map(Operation::name).toList();

        heading("Phase 1: every operation on legacy");
        runTraffic("1 all legacy", sandbox, routing, traffic, mix, () -> { });
        if (!settle(config)) {
            return false;
        }

        AwsCredentialsProvider migrationRole = assumedRole(sandbox, config, CdkRoles.MIGRATION_ROLE, "cutover-migration-job");
        // one legacy role per job: the copy and verify read as the migration role, the stream as the replication role
        try (AwsClientFactory jobs = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(migrationRole)
                .legacyRole(LegacyAccount.Job.MIGRATION).build(config);
                AwsClientFactory replication = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(migrationRole)
                        .legacyRole(LegacyAccount.Job.REPLICATION).build(config);
                DynamoDbClient legacy = jobs.build(DynamoDbClient.builder(), Side.LEGACY);
                DynamoDbStreamsClient streams = replication.build(DynamoDbStreamsClient.builder(), Side.LEGACY);
                DynamoDbClient fresh = jobs.build(DynamoDbClient.builder(), Side.NEW)) {
            heading("Phase 2: copy the SSM tree (plan, apply, plan again)");
            if (!copySsm(config, state, jobs)) {
                say("stopping: the parameter tree is not up to date, so reads must not move");
                return false;
            }
            heading("Phase 3: start replication, copy the DynamoDB table while clients write, catch up, verify");
            if (!copyDynamoDb(config, state, legacy, streams, fresh, sandbox, routing, traffic, mix)) {
                say("stopping: the copy is not verified equal, so reads must not move");
                return false;
            }

            // Runbook order: reads move first (replication keeps new in step with legacy's writes), then writes.
            heading("Phase 4: shadow reads (legacy answers, new is compared)");
            deploy(sandbox, config, state, flags, ids, routing, reads, Phase.SHADOW, null);
            runTraffic("4 shadow reads", sandbox, routing, traffic, mix, () -> { });

            for (double percent : new double[] {10, 50}) {
                heading("Phase 5: canary " + (int) percent + "% of read keys to new");
                deploy(sandbox, config, state, flags, ids, routing, reads, Phase.CANARY, percent);
                runTraffic("5 canary " + (int) percent + "%", sandbox, routing, traffic, mix, () -> { });
            }
            heading("Phase 6: reads on new (writes still on legacy, replicated)");
            deploy(sandbox, config, state, flags, ids, routing, reads, Phase.NEW, null);
            runTraffic("6 reads new", sandbox, routing, traffic, mix, () -> { });

            heading("Phase 7: dual writes (legacy primary, new's consumer gets the same idempotency key)");
            deploy(sandbox, config, state, flags, ids, routing, writes, Phase.DUAL_WRITE, null);
            runTraffic("7 dual writes", sandbox, routing, traffic, mix, () -> { });
            // Before writes leave legacy: legacy's consumer has applied everything and new has replicated it, so no late
            // legacy image can land over a newer write to new.
            if (!settle(config)) {
                return false;
            }

            heading("Phase 8: writes on new; drain and stop replication, verify");
            deploy(sandbox, config, state, flags, ids, routing, writes, Phase.NEW, null);
            // Runbook 5b, before clients write to new only: after that, legacy no longer receives writes and differs from new.
            if (!drain(config, legacy, streams, fresh)) {
                return false;
            }
            runTraffic("8 all new", sandbox, routing, traffic, mix, () -> { });
        }

        heading("Final check: does legacy still receive traffic?");
        legacyWorker.close();
        assumeRoleCalls += sandbox.requestCount("sts", "AssumeRole");
        sandbox.resetRequestCounts();
        // Without the stale-read check, which reads legacy directly and would count as legacy traffic here.
        runTraffic("final check", sandbox, routing, traffic.withChecks(data.withoutLegacyReads()), mix, () -> { });
        long legacyCalls = sandbox.requestCountForAccount(config.accounts().legacy().accountId(), null, null);
        say("calls to any service with legacy credentials during the last %d requests: %d", requests, legacyCalls);
        if (!newWorker.awaitIdle(Duration.ofSeconds(60))) {
            say("the new account's consumer did not finish within 60 s");
            return false;
        }
        String target = config.resources(Side.NEW).table("items").name();
        lostWrites.addAll(data.lostWrites(newRoot, target, 5));
        say("every write the router accepted (%d, all phases) checked in %s: %s", data.acceptedWrites(), target,
                lostWrites.isEmpty() ? "none lost" : "LOST " + lostWrites);
        return legacyCalls == 0;
    }

    /**
     * Waits until both accounts' consumers have applied every queued message and, while replication runs, until the
     * replicator caught up after that; false (and says why) when that takes more than a minute.
     */
    private boolean settle(CutoverConfig config) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(60);
        if (!legacyWorker.awaitIdle(timeout) || !newWorker.awaitIdle(timeout)) {
            say("the queue consumers did not finish within %d s%s", timeout.toSeconds(), legacyWorker.failure().or(newWorker::failure)
                    .map(e -> ": " + e.getMessage()).orElse(""));
            return false;
        }
        if (follower == null) {
            return true;
        }
        Instant idleAt = Instant.now();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && follower.failure.get() == null) {
            Optional<ReplicationStatus> status = DynamoDbStreamReplicator.status(newRoot, ReplicationOptions.DEFAULT_CHECKPOINT_TABLE,
                    follower.sourceTable, follower.targetTable);
            if (status.isPresent() && status.get().caughtUp() && !status.get().updatedAt().isBefore(idleAt)) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        say("replication did not catch up within %d s%s", timeout.toSeconds(),
                follower.failure.get() == null ? "" : ": " + follower.failure.get().getMessage());
        return false;
    }

    /** Runbook 5b: wait for caught up, stop the follower, drain the last records until caught up, verify. */
    private boolean drain(CutoverConfig config, DynamoDbClient legacy, DynamoDbStreamsClient streams, DynamoDbClient fresh)
            throws InterruptedException {
        if (!settle(config)) {
            return false;
        }
        follower.stop();
        RuntimeException failure = follower.failure.get();
        follower = null;
        if (failure != null) {
            say("the replicator had stopped: %s", failure.getMessage());
            return false;
        }
        for (String table : config.resources(Side.LEGACY).tables().keySet()) {
            String source = config.resources(Side.LEGACY).table(table).name();
            String target = config.resources(Side.NEW).table(table).name();
            ReplicationReport drained = new DynamoDbStreamReplicator(legacy, streams, fresh, fresh).replicate(replication(source, target)
                    .mode(ReplicationMode.UNTIL_CAUGHT_UP).build());
            say("follower stopped; replicate --until-caught-up applied the last %d records -> %s", drained.records(),
                    drained.caughtUp() ? "caught up" : "NOT caught up");
            VerifyReport verify = verify(legacy, fresh, source, target, table + ".final-verify.json");
            finalVerifyEqual = verify.isEqual() && drained.caughtUp();
        }
        say("optional (runbook 5b): replicate --reverse keeps legacy in step for a rollback; the demo does not need it");
        return true;
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

    private boolean copyDynamoDb(CutoverConfig config, CutoverState state, DynamoDbClient legacy, DynamoDbStreamsClient streams,
            DynamoDbClient fresh, Sandbox sandbox, CutoverRouting routing, TrafficDriver traffic, List<TrafficDriver.RequestKind> mix)
            throws InterruptedException {
        boolean ok = true;
        for (String table : config.resources(Side.LEGACY).tables().keySet()) {
            String source = config.resources(Side.LEGACY).table(table).name();
            String target = config.resources(Side.NEW).table(table).name();
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, fresh, fresh);
            // overwrite (BatchWriteItem) is right here: the new table is empty and the router does not write it yet; the
            // changes clients make meanwhile are replayed from the position recorded before the copy.
            DynamoDbCopyOptions copyOptions = DynamoDbCopyOptions.builder().sourceTable(source).targetTable(target)
                    .mode(WriteMode.OVERWRITE).checkpointFile(workDir.resolve(table + ".checkpoint.json"))
                    .deadLetterFile(workDir.resolve(table + ".dead-letters.jsonl")).reportFile(workDir.resolve(table + ".copy.json"))
                    .log(out).quiet(true).build();
            ReplicatedCopy[] result = new ReplicatedCopy[1];
            runTraffic("3 copy + replicate", sandbox, routing, traffic, mix, () -> {
                result[0] = ReplicatedCopy.run(replicator, new DynamoDbTableCopier(legacy, fresh), copyOptions,
                        replication(source, target).build());
                follower = new Follower(new DynamoDbStreamReplicator(legacy, streams, fresh, fresh),
                        replication(source, target).mode(ReplicationMode.FOLLOW).build());
            });
            CopyReport copy = result[0].copy();
            say("position recorded at %s, then copied %s -> %s: %d scanned, %d written, %d dead letters", result[0].positionRecordedAt(),
                    source, target, copy.scanned(), copy.written(), copy.deadLettered());
            result[0].catchUp().ifPresent(r -> say("caught up from the position: %d records replayed (%d puts, %d deletes); follower"
                    + " started", r.records(), r.puts(), r.deletes()));
            if (result[0].catchUp().isEmpty() || !settle(config)) {
                return false;
            }
            VerifyReport verify = verify(legacy, fresh, source, target, table + ".verify.json");
            if (verify.isEqual()) {
                state.recordVerified(table, "dynamodb " + source + " = " + target);
            } else {
                ok = false;
            }
        }
        return ok;
    }

    private ReplicationOptions.Builder replication(String source, String target) {
        return ReplicationOptions.builder().sourceTable(source).targetTable(target)
                .checkpointTable(ReplicationOptions.DEFAULT_CHECKPOINT_TABLE).pollInterval(Duration.ofMillis(100))
                .statusInterval(Duration.ZERO).metrics(false);
    }

    private VerifyReport verify(DynamoDbClient legacy, DynamoDbClient fresh, String source, String target, String report) {
        VerifyReport verify = new DynamoDbTableVerifier(legacy, fresh).verify(source, target, ItemTransform.identity(), 256,
                Optional.empty(), 5, Optional.of(workDir.resolve(report)));
        say("verify: %d vs %d items, %d of %d key ranges differ -> %s", verify.sourceItems(), verify.targetItems(),
                verify.differingRanges(), verify.ranges(), verify.isEqual() ? "EQUAL" : "DIFFERENT");
        return verify;
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
            List<TrafficDriver.RequestKind> mix, Runnable alongside) {
        long legacyBefore = served(routing, operations, "legacy");
        long newBefore = served(routing, operations, "new");
        long mismatchesBefore = routing.metricCount("ShadowMismatches");
        long secondaryBefore = routing.metricCount("SecondaryFailures");
        long assumeRolesBefore = sandbox.requestCount("sts", "AssumeRole");
        java.util.concurrent.atomic.AtomicLong maxLag = new java.util.concurrent.atomic.AtomicLong(-1);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-lag-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(() -> sampleLag(maxLag), 0, 200, TimeUnit.MILLISECONDS);
        long seed = rows.size() * 7919L;
        CompletableFuture<TrafficDriver.Result> running = CompletableFuture.supplyAsync(() -> traffic.run(mix, requests, threads, seed));
        TrafficDriver.Result result;
        try {
            alongside.run();
            result = running.join();
        } finally {
            sampler.shutdownNow();
        }
        sampleLag(maxLag);
        refreshesDuringTraffic += sandbox.requestCount("sts", "AssumeRole") - assumeRolesBefore;
        PhaseRow row = new PhaseRow(phase, result, served(routing, operations, "legacy") - legacyBefore,
                served(routing, operations, "new") - newBefore,
                routing.metricCount("ShadowMismatches") - mismatchesBefore, routing.metricCount("SecondaryFailures") - secondaryBefore,
                maxLag.get());
        rows.add(row);
        say("%d requests: %d served by legacy, %d by new, %d shadow mismatches, %d failed, %d stale reads, p50 %.1f ms, p99 %.1f ms",
                result.requests(), row.legacy(), row.fresh(), row.mismatches(), result.failures(), result.staleReads(),
                result.p50Micros() / 1000.0, result.p99Micros() / 1000.0);
        result.failureSamples().forEach(s -> say("  failed: %s", s));
        result.staleSamples().forEach(s -> say("  stale: %s", s));
    }

    /** The replication lag as the flags guard sees it (the checkpoint's lag plus its age), kept if larger than {@code max}. */
    private void sampleLag(java.util.concurrent.atomic.AtomicLong max) {
        Follower f = follower;
        if (f == null) {
            return;
        }
        try {
            DynamoDbStreamReplicator.status(newRoot, ReplicationOptions.DEFAULT_CHECKPOINT_TABLE, f.sourceTable, f.targetTable)
                    .ifPresent(status -> {
                        long age = Math.max(0, Duration.between(status.updatedAt(), Instant.now()).toMillis());
                        max.accumulateAndGet(status.lagMillis() + age, Math::max);
                    });
        } catch (RuntimeException e) {
            say("  lag sample failed: %s", e.getMessage());
        }
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
        say("%-18s %8s %7s %7s %8s %8s %6s %8s %6s %9s %8s %8s", "PHASE", "REQUESTS", "LEGACY", "NEW", "MISMATCH", "2ND FAIL",
                "ERRORS", "LAG ms", "STALE", "STALE ms", "P50 ms", "P99 ms");
        for (PhaseRow r : rows) {
            long staleMs = r.traffic().maxStaleMillis();
            say("%-18s %8d %7d %7d %8d %8d %6d %8s %6d %9s %8.1f %8.1f", r.phase(), r.traffic().requests(), r.legacy(), r.fresh(),
                    r.mismatches(), r.secondaryFailures(), r.traffic().failures(), r.maxLagMillis() < 0 ? "-" : r.maxLagMillis(),
                    r.traffic().staleReads(), r.traffic().staleReads() == 0 ? "-" : staleMs == Long.MAX_VALUE ? "unknown" : staleMs,
                    r.traffic().p50Micros() / 1000.0, r.traffic().p99Micros() / 1000.0);
        }
        say("LAG: the most the new table lagged behind legacy while the phase ran (the guard's measure); STALE: reads that new"
                + " answered with older data than legacy held when they were sent, and the oldest of them");
    }

    private void serve(Sandbox sandbox, LocalRouterServer server, CutoverConfig config) throws InterruptedException {
        heading("Serving: the sandbox and the router keep running (Ctrl-C stops them)");
        say("router:  %s", server.url());
        say("sandbox: %s   (new account root: AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s)", sandbox.endpoint(),
                sandbox.newAccountId(), sandbox.rootSecretKey(sandbox.newAccountId()));
        say("try:");
        say("  curl -s %s", server.url().resolve("/items/" + ExampleApp.itemId(42)));
        say("  curl -s %s", server.url().resolve("/owners/" + ExampleApp.ownerOf(7) + "/items"));
        say("  curl -s --aws-sigv4 'aws:amz:%s:execute-api' --user %s:%s %s   (auth: iam: signed, or 403)",
                sandbox.region(), sandbox.newAccountId(), sandbox.rootSecretKey(sandbox.newAccountId()),
                server.url().resolve("/settings/currency"));
        say("  curl -s -X POST -H 'content-type: application/json' -d '{\"customerId\":\"c-1\",\"sku\":\"%s\"}' %s",
                ExampleApp.itemId(1), server.url().resolve("/orders"));
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
