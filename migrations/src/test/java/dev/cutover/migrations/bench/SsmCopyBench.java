package dev.cutover.migrations.bench;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.ssm.SsmApplyReport;
import dev.cutover.migrations.ssm.SsmCopyOptions;
import dev.cutover.migrations.ssm.SsmParameterCopier;
import dev.cutover.migrations.ssm.SsmPlan;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.internal.ssm.SsmServiceFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * The SSM copy's cost and pace against the sandbox (legacy tree read through the cross-account role,
 * new tree written with root credentials):
 * <ol>
 *   <li>SSM API calls per parameter copied, counted by the sandbox's request counters for a first plan +
 *       apply and for a second (no-op) plan + apply, with no PutParameter limit;</li>
 *   <li>N parameters (default 1,000) copied under a per-account PutParameter limit (default 3/s, the
 *       sandbox's {@code cutover.sandbox.ssm.putParameterRate}): elapsed time of {@code apply} against the
 *       minimum the limit allows (N / rate), once with the default options (adaptive pacing under a
 *       40/s ceiling: the copier does not know the quota) and once with {@code maxPutRate} set to the
 *       quota. The two run at the same time on two sandboxes (each has its own limit), so the run takes
 *       about 2 x N / rate: seeding the legacy tree is limited too.</li>
 * </ol>
 * Run in its own JVM, e.g.:
 *
 * <pre>
 * ./mvnw -q -B -pl migrations -am install -DskipTests
 * ./mvnw -q -B -pl migrations test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp migrations/target/test-classes:migrations/target/classes:$(cat migrations/target/cp.txt) \
 *     dev.cutover.migrations.bench.SsmCopyBench [parameters=1000] [putParameterRate=3]
 * </pre>
 */
public final class SsmCopyBench {

    private SsmCopyBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 3;

        System.clearProperty(SsmServiceFactory.PUT_PARAMETER_RATE_PROPERTY);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            callsPerParameter(sandbox, count);
        }

        System.setProperty(SsmServiceFactory.PUT_PARAMETER_RATE_PROPERTY, Double.toString(rate));
        try (Sandbox adaptive = Sandbox.start(SandboxConfig.defaults()); Sandbox capped = Sandbox.start(SandboxConfig.defaults())) {
            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> underLimit(adaptive, count, rate, 40, "default (max 40/s)"));
            CompletableFuture<String> c = CompletableFuture.supplyAsync(() -> underLimit(capped, count, rate, rate,
                    "maxPutRate=" + rate));
            System.out.println(a.get());
            System.out.println(c.get());
        } finally {
            System.clearProperty(SsmServiceFactory.PUT_PARAMETER_RATE_PROPERTY);
        }
    }

    private static TestWorld world(Sandbox sandbox) throws Exception {
        Path dir = Files.createTempDirectory("ssm-bench");
        return new TestWorld(sandbox, dir, Map.of(), Map.of("bench", new String[] {"/legacy/bench", "/bench"}));
    }

    private static SsmCopyOptions options(Sandbox sandbox, double maxPutRate) {
        return SsmCopyOptions.builder().sourcePath("/legacy/bench").targetPath("/bench")
                .defaultKmsKeyId(TestWorld.cutoverKeyArn(sandbox, sandbox.newAccountId())).maxPutRate(maxPutRate)
                .log(new PrintWriter(new StringWriter(), true)).build();
    }

    private static void callsPerParameter(Sandbox sandbox, int count) throws Exception {
        try (TestWorld world = world(sandbox); SsmClient legacy = world.legacySsm(); SsmClient target = world.newSsm()) {
            seed(world.legacySsmRoot, count);
            SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
            SsmCopyOptions options = options(sandbox, 1_000);
            sandbox.resetRequestCounts();
            SsmPlan plan = copier.plan(options);
            Map<String, Long> planned = counts(sandbox);
            sandbox.resetRequestCounts();
            SsmApplyReport first = copier.apply(plan, options);
            Map<String, Long> applied = counts(sandbox);
            sandbox.resetRequestCounts();
            SsmPlan again = copier.plan(options);
            SsmApplyReport second = copier.apply(again, options);
            Map<String, Long> noop = counts(sandbox);
            System.out.printf(Locale.ROOT, "calls per parameter, %d parameters (%d created, %d failed; second apply: %d unchanged)%n",
                    count, first.created(), first.failed(), second.unchanged());
            print("first plan", planned, count);
            print("first apply", applied, count);
            print("second plan + apply", noop, count);
        }
    }

    private static String underLimit(Sandbox sandbox, int count, double rate, double maxPutRate, String label) {
        try (TestWorld world = world(sandbox); SsmClient legacy = world.legacySsm(); SsmClient target = world.newSsm()) {
            long seedStart = System.nanoTime();
            seed(world.legacySsmRoot, count);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
            SsmCopyOptions options = options(sandbox, maxPutRate);
            SsmPlan plan = copier.plan(options);
            long start = System.nanoTime();
            SsmApplyReport report = copier.apply(plan, options);
            double seconds = (System.nanoTime() - start) / 1e9;
            long puts = sandbox.requestCountForAccount(sandbox.newAccountId(), "ssm", "PutParameter");
            double minimum = count / rate;
            return String.format(Locale.ROOT, "under %.1f PutParameter/s, %s: apply %.1f s, minimum %.1f s, ratio %.3f;"
                    + " created %d, failed %d, throttles %d, PutParameter requests %d (seeding took %.1f s)",
                    rate, label, seconds, minimum, seconds / minimum, report.created(), report.failed(), report.throttles(), puts,
                    seedSeconds);
        } catch (Exception e) {
            throw new IllegalStateException(label + " failed", e);
        }
    }

    private static Map<String, Long> counts(Sandbox sandbox) {
        Map<String, Long> out = new TreeMap<>();
        sandbox.requestCounts().forEach((k, v) -> {
            if (v > 0 && (k.startsWith("ssm:") || k.startsWith("sts:"))) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void print(String phase, Map<String, Long> counts, int count) {
        long total = counts.entrySet().stream().filter(e -> e.getKey().startsWith("ssm:")).mapToLong(Map.Entry::getValue).sum();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-20s ssm calls %5d = %.2f per parameter:", phase, total,
                (double) total / count));
        counts.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s=%d", k, v)));
        System.out.println(line);
    }

    /** N parameters like the tests': a fifth SecureStrings (alias/cutover), a third tagged; retried while the limit throttles. */
    private static void seed(SsmClient client, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            boolean secure = i % 5 == 0;
            PutParameterRequest.Builder r = PutParameterRequest.builder().name("/legacy/bench/svc" + (i % 10) + "/p" + i)
                    .type(secure ? "SecureString" : "String").value(secure ? "secret-" + UUID.randomUUID() : "value-" + i);
            if (secure) {
                r.keyId("alias/cutover");
            }
            if (i % 2 == 0) {
                r.description("parameter " + i);
            }
            if (i % 3 == 0) {
                r.tags(Tag.builder().key("owner").value("team-" + (i % 4)).build());
            }
            PutParameterRequest request = r.build();
            while (true) {
                try {
                    client.putParameter(request);
                    break;
                } catch (SsmException e) {
                    if (!e.isThrottlingException() && !"ThrottlingException".equals(e.awsErrorDetails().errorCode())) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}
