package dev.cutover.migrations.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.TestWorld;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Retries in one layer per kind of failure, with clients as the CLI builds them (10 SDK attempts): a throttled
 * PutParameter goes back to the copier's pacing at once (the SDK does not retry it too), while a 5xx is still
 * retried by the SDK.
 */
class SsmPutRetriesTest {
    private static final int PARAMETERS = 12;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        world = new TestWorld(SANDBOX.sandbox(), dir, Map.of(), Map.of("throttled", new String[] {"/legacy/throttled", "/throttled"},
                "unavailable", new String[] {"/legacy/unavailable", "/unavailable"}));
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    private static SsmCopyOptions seed(String tree) {
        for (int i = 0; i < PARAMETERS; i++) {
            SsmCopyTest.put(world.legacySsmRoot, "/legacy/" + tree + "/p" + i, "String", "value-" + i, null, null, "text", "Standard",
                    Map.of());
        }
        return SsmCopyOptions.builder().sourcePath("/legacy/" + tree).targetPath("/" + tree).maxPutRate(1_000)
                .log(new PrintWriter(new StringWriter(), true)).build();
    }

    private static long putRequests() {
        return SANDBOX.sandbox().requestCountForAccount(SANDBOX.sandbox().newAccountId(), "ssm", "PutParameter");
    }

    @Test
    void apply_whenPutParameterIsThrottled_onlyThePacingRetriesIt() throws Exception {
        SsmCopyOptions options = seed("throttled");
        try (SsmClient legacy = world.legacySsm(); SsmClient target = world.newSsm()) {
            SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
            SsmPlan plan = copier.plan(options);
            SANDBOX.sandbox().faults().throttle("ssm", "PutParameter", 0.5);
            long before = putRequests();

            SsmApplyReport report = copier.apply(plan, options);
            SANDBOX.sandbox().faults().clear();

            assertThat(report.failed()).isZero();
            assertThat(report.created()).isEqualTo(PARAMETERS);
            assertThat(report.throttles()).isPositive();
            assertThat(report.sdkRetries()).as("attempts the SDK retried").isZero();
            assertThat(putRequests() - before).as("one request per write plus one per throttled attempt")
                    .isEqualTo(PARAMETERS + report.throttles());
        }
    }

    @Test
    void apply_whenSsmIsBrieflyUnavailable_theSdkStillRetries5xx() throws Exception {
        SsmCopyOptions options = seed("unavailable");
        try (SsmClient legacy = world.legacySsm(); SsmClient target = world.newSsm()) {
            SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
            SsmPlan plan = copier.plan(options);
            SANDBOX.sandbox().faults().unavailable("ssm");
            CompletableFuture<Void> recovers = CompletableFuture.runAsync(() -> SANDBOX.sandbox().faults().clear(),
                    CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS));

            SsmApplyReport report = copier.apply(plan, options);
            recovers.get();

            assertThat(report.failed()).isZero();
            assertThat(report.created()).isEqualTo(PARAMETERS);
            assertThat(report.sdkRetries()).as("503s retried by the SDK").isPositive();
            assertThat(report.throttles()).isZero();
        }
    }
}
