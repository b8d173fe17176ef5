package dev.cutover.migrations.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.TestWorld;
import dev.cutover.sandbox.SandboxExtension;
import dev.cutover.sandbox.internal.ssm.SsmServiceFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * The copy under SSM's PutParameter quota: a sandbox whose accounts may call PutParameter 5 times a
 * second ({@value SsmServiceFactory#PUT_PARAMETER_RATE_PROPERTY}, read when the sandbox starts), plus 20% of
 * PutParameter calls answered with ThrottlingException.
 */
class SsmCopyThrottlingTest {
    private static final double PUT_RATE = 5;

    static {
        // read by the sandbox's SSM service when SANDBOX starts (before @BeforeAll); cleared in setUp
        System.setProperty(SsmServiceFactory.PUT_PARAMETER_RATE_PROPERTY, Double.toString(PUT_RATE));
    }

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        System.clearProperty(SsmServiceFactory.PUT_PARAMETER_RATE_PROPERTY);
        world = new TestWorld(SANDBOX.sandbox(), dir, Map.of(), Map.of("quota", new String[] {"/legacy/quota", "/quota"},
                "noretry", new String[] {"/legacy/noretry", "/noretry"}));
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    /** Seeding meets the same quota in the legacy account: retried until it passes. */
    private static void seedThroughQuota(String name, String type, String value, Map<String, String> tags) throws InterruptedException {
        while (true) {
            try {
                SsmCopyTest.put(world.legacySsmRoot, name, type, value, "d " + name, null, "text", "Standard", tags);
                return;
            } catch (SsmException e) {
                if (!"ThrottlingException".equals(e.awsErrorDetails().errorCode())) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void apply_underAPutParameterQuotaAnd20PercentThrottling_completesWithoutFailures() throws Exception {
        // GIVEN clients as the CLI builds them (10 SDK attempts per call)
        try (SsmClient legacy = world.legacySsm(); SsmClient target = world.newSsm()) {
            copyUnderQuota("quota", 40, legacy, target);
        }
    }

    @Test
    void apply_whenTheSdkDoesNotRetryThrottling_theCopierBacksOffAndCompletesWithoutFailures() throws Exception {
        // GIVEN a target client making a single attempt per call: every throttle reaches the copier's own back-off
        try (AwsClientFactory once = AwsClientFactory.builder().endpoint(SANDBOX.sandbox().endpoint())
                .newAccountCredentials(world.newCredentials()).maxAttempts(1).build(world.config);
                SsmClient legacy = world.legacySsm(); SsmClient target = once.build(SsmClient.builder(), Side.NEW)) {
            copyUnderQuota("noretry", 20, legacy, target);
        }
    }

    private static void copyUnderQuota(String tree, int parameters, SsmClient legacy, SsmClient target) throws Exception {
        // 40 parameters (SecureStrings and tags among them), a target that throttles above 5 PutParameter/s and 20% more
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < parameters; i++) {
            String type = i % 4 == 0 ? "SecureString" : "String";
            String value = "SecureString".equals(type) ? "q-" + UUID.randomUUID() : "value-" + i;
            String relative = "/s" + (i % 3) + "/p" + i;
            seedThroughQuota("/legacy/" + tree + relative, type, value, i % 2 == 0 ? Map.of("n", "" + i) : Map.of());
            values.put("/" + tree + relative, value);
        }
        SANDBOX.sandbox().faults().throttle("ssm", "PutParameter", 0.2);
        String account = SANDBOX.sandbox().newAccountId();
        long putsBefore = SANDBOX.sandbox().requestCountForAccount(account, "ssm", "PutParameter");

        // WHEN copied with the default options (pacing under a 40/s ceiling: the copier is not told the quota)
        StringWriter log = new StringWriter();
        long started = System.nanoTime();
        SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
        SsmCopyOptions options = SsmCopyOptions.builder().sourcePath("/legacy/" + tree).targetPath("/" + tree)
                .defaultKmsKeyId(TestWorld.cutoverKeyArn(SANDBOX.sandbox(), account)).log(new PrintWriter(log, true)).build();
        SsmApplyReport report = copier.apply(copier.plan(options), options);
        double seconds = (System.nanoTime() - started) / 1e9;
        long puts = SANDBOX.sandbox().requestCountForAccount(account, "ssm", "PutParameter") - putsBefore;
        System.out.printf("ssm tree=%s quota=%.0f/s parameters=%d seconds=%.1f putRequests=%d throttles=%d finalRate=%.1f%n", tree,
                PUT_RATE, parameters, seconds, puts, report.throttles(), report.finalPutRate());

        // THEN every parameter is there, none failed, and the throttling really happened
        assertThat(report.failed()).as(log.toString()).isZero();
        assertThat(report.created()).isEqualTo(parameters);
        assertThat(report.throttles()).isPositive();
        assertThat(puts).isGreaterThan(parameters);
        // the quota held: N writes at 5/s cannot take much less than N/5 - 1 seconds (the sandbox's bucket starts full)
        assertThat(seconds).isGreaterThan(parameters / PUT_RATE - 1.5);
        assertThat(copier.plan(options).count(PlanEntry.Action.UNCHANGED)).isEqualTo(parameters);
        for (Map.Entry<String, String> v : values.entrySet()) {
            assertThat(world.newSsmRoot.getParameter(r -> r.name(v.getKey()).withDecryption(true)).parameter().value())
                    .isEqualTo(v.getValue());
        }
    }
}
