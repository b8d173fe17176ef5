package dev.cutover.migrations.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.cli.ExitCodes;
import dev.cutover.migrations.cli.MigrationsMain;
import dev.cutover.sandbox.SandboxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code migrate ssm} as a user runs it, in-process: stdout, stderr, the console (System.out/err, where SDK
 * logging would go) and every file it writes are captured, and checked for SecureString plaintext and for
 * exit codes.
 */
class SsmCliTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;
    static String targetKeyArn;

    @BeforeAll
    static void setUp() throws Exception {
        Map<String, String[]> trees = new TreeMap<>();
        trees.put("cli", new String[] {"/legacy/cli", "/cli"});
        trees.put("empty", new String[] {"/legacy/empty", "/empty"});
        trees.put("throttled", new String[] {"/legacy/throttled", "/throttled"});
        world = new TestWorld(SANDBOX.sandbox(), dir, Map.of(), trees);
        targetKeyArn = TestWorld.cutoverKeyArn(SANDBOX.sandbox(), SANDBOX.sandbox().newAccountId());
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    /** One command run: its exit code and everything it printed to stdout and stderr. */
    record Run(int exitCode, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    /**
     * Runs {@code migrate ssm ARGS} against the sandbox with the new account's root credentials (the SDK's system
     * properties). System.out and System.err are captured and the command line is built while they are: picocli's
     * writers, the job's log and anything the SDK prints all land in the capture. (A CommandLine.setErr made before
     * execute did not reach the ssm command's error handler: its message went to the JVM's original stderr.)
     */
    private static Run migrateSsm(String... args) {
        List<String> command = new ArrayList<>(List.of("migrate", "ssm", "--config", world.configFile.toString(), "--endpoint",
                SANDBOX.sandbox().endpoint().toString()));
        command.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        String account = SANDBOX.sandbox().newAccountId();
        System.setProperty("aws.accessKeyId", account);
        System.setProperty("aws.secretAccessKey", SANDBOX.sandbox().rootSecretKey(account));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            CommandLine cl = MigrationsMain.commandLine();
            exit = cl.execute(command.toArray(String[]::new));
            CommandLine ssm = cl.getSubcommands().get("migrate").getSubcommands().get("ssm");
            for (CommandLine c : List.of(cl, ssm)) {
                c.getOut().flush();
                c.getErr().flush();
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        realOut.println("migrate ssm " + String.join(" ", args) + " -> exit " + exit + "\n" + run.out() + run.err());
        return run;
    }

    /** Every file under the test's directory (reports, anything else the command wrote). */
    private static String filesWritten() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    all.append(f).append('\n').append(Files.readString(f)).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return all.toString();
    }

    private static long ssmWrites() {
        String account = SANDBOX.sandbox().newAccountId();
        return SANDBOX.sandbox().requestCountForAccount(account, "ssm", "PutParameter")
                + SANDBOX.sandbox().requestCountForAccount(account, "ssm", "AddTagsToResource");
    }

    @Test
    void migrateSsm_planAndApplyWithSecureStrings_neverPrintOrWriteAPlaintextValue() throws Exception {
        // GIVEN SecureStrings with distinctive random values (one of them Advanced, one with an allowed pattern)
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("/legacy/cli/db/password", "pw-" + UUID.randomUUID());
        secrets.put("/legacy/cli/db/replica/password", "pw-" + UUID.randomUUID());
        secrets.put("/legacy/cli/api/token", "tok-" + UUID.randomUUID());
        secrets.put("/legacy/cli/api/pattern-checked", "pc-" + UUID.randomUUID());
        secrets.put("/legacy/cli/big/certificate", "cert-" + UUID.randomUUID() + "-" + "Q".repeat(5_000));
        secrets.forEach((name, value) -> SsmCopyTest.put(world.legacySsmRoot, name, "SecureString", value, "secret " + name,
                name.endsWith("pattern-checked") ? "^pc-[0-9a-f-]+$" : null, "text", value.length() > 4096 ? "Advanced" : "Standard",
                Map.of("secret", "yes")));
        SsmCopyTest.put(world.legacySsmRoot, "/legacy/cli/plain/url", "String", "https://db.example", null, null, "text", "Standard",
                Map.of());
        Path report = dir.resolve("cli-report.json");
        String key = "--kms-key=/cli=" + targetKeyArn;

        // WHEN planned, applied, planned again, and applied after the new team changed a secret, with --conflict fail
        Run plan = migrateSsm("--plan", "--source-path", "/legacy/cli", "--target-path", "/cli", key);
        Run apply = migrateSsm("--apply", "--source-path", "/legacy/cli", "--target-path", "/cli", key, "--report", report.toString());
        Run replan = migrateSsm("--plan", "--source-path", "/legacy/cli", "--target-path", "/cli", key);
        String changed = "changed-" + UUID.randomUUID();
        world.newSsmRoot.putParameter(r -> r.name("/cli/api/token").type("SecureString").value(changed).keyId(targetKeyArn)
                .overwrite(true));
        Run conflict = migrateSsm("--apply", "--source-path", "/legacy/cli", "--target-path", "/cli", key, "--conflict", "fail");

        // THEN the commands did their work (so the outputs are worth searching)
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(ExitCodes.OK);
        assertThat(plan.out()).contains("/cli/db/password").contains("6 to create");
        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(ExitCodes.OK);
        assertThat(apply.out()).contains("\"created\" : 6");
        assertThat(report).content().contains("\"created\" : 6");
        assertThat(replan.out()).contains("6 unchanged");
        assertThat(conflict.exitCode()).isEqualTo(ExitCodes.DIFFERENT);
        assertThat(conflict.out()).contains("conflict").contains("/cli/api/token").contains("value differ");
        assertThat(conflict.err()).contains("--conflict is fail").contains("/cli/api/token").contains("Nothing was written");
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            String targetName = s.getKey().substring("/legacy".length());
            if (!targetName.equals("/cli/api/token")) {
                assertThat(world.newSsmRoot.getParameter(r -> r.name(targetName).withDecryption(true)).parameter().value())
                        .isEqualTo(s.getValue());
            }
        }

        // AND no plaintext value appears in any output, log or file
        String everything = plan.all() + apply.all() + replan.all() + conflict.all() + filesWritten();
        assertThat(everything).contains("/cli/big/certificate");
        List<String> values = new ArrayList<>(secrets.values());
        values.add(changed);
        for (String value : values) {
            assertThat(everything).doesNotContain(value).doesNotContain(value.substring(0, 12));
        }
    }

    @Test
    void migrateSsm_whenEveryWriteIsThrottled_theRetryMakesMaxThrottledRetriesPlusOneAttemptsThenExit6() throws Exception {
        // GIVEN two parameters, and a target whose every PutParameter is throttled
        for (int i = 0; i < 2; i++) {
            SsmCopyTest.put(world.legacySsmRoot, "/legacy/throttled/p" + i, "String", "throttled-value-" + i, null, null, "text",
                    "Standard", Map.of());
        }
        Path report = dir.resolve("throttled.report.json");
        String account = SANDBOX.sandbox().newAccountId();
        long putsBefore = SANDBOX.sandbox().requestCountForAccount(account, "ssm", "PutParameter");
        SANDBOX.sandbox().faults().throttle("ssm", "PutParameter", 1.0);
        Run run;
        try {
            // WHEN applied with 2 retries per throttled write
            run = migrateSsm("--apply", "--source-path", "/legacy/throttled", "--target-path", "/throttled",
                    "--max-throttled-retries", "2", "--report", report.toString());
        } finally {
            SANDBOX.sandbox().faults().clear();
        }

        // THEN each write was tried 3 times by the Retry (never by the SDK too), both failed, and the exit code says so
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.FAILURES);
        assertThat(SANDBOX.sandbox().requestCountForAccount(account, "ssm", "PutParameter") - putsBefore).isEqualTo(2 * 3);
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        assertThat(json.get("failed").asLong()).isEqualTo(2);
        assertThat(json.get("created").asLong()).isZero();
        assertThat(json.get("throttles").asLong()).as("throttled attempts, from the Retry's events").isEqualTo(2 * 3);
        assertThat(json.get("throttleRetries").asLong()).isEqualTo(2 * 2);
        // two waits per parameter, the first 125-375 ms and the second 250-750 ms (250 ms doubling, ±50% jitter)
        assertThat(json.get("throttleWaitMillis").asLong()).isBetween(2 * (125L + 250L), 2 * (375L + 750L));
        assertThat(json.get("sdkRetries").asLong()).isZero();
        assertThat(run.err()).contains("parameter=/throttled/p0 result=failed error=ThrottlingException")
                .doesNotContain("throttled-value-");
    }

    @Test
    void migrateSsm_whenRetryOrRateOptionsAreOutOfRange_refusesNamingTheOptionAndTheRange() {
        long before = ssmWrites();
        Run rate = migrateSsm("--apply", "--source-path", "/legacy/cli", "--target-path", "/cli", "--max-put-rate", "0.2");
        Run retries = migrateSsm("--apply", "--source-path", "/legacy/cli", "--target-path", "/cli", "--max-throttled-retries", "500");

        assertThat(rate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(rate.err()).contains("--max-put-rate").contains("between 0.5 and 10000").contains("0.2");
        assertThat(retries.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(retries.err()).contains("--max-throttled-retries").contains("between 0 and 100").contains("500");
        assertThat(ssmWrites()).isEqualTo(before);
    }

    @Test
    void migrateSsm_whenSourcePathHasNoParameters_exitsPreflightAndWritesNothing() {
        long before = ssmWrites();
        Run run = migrateSsm("--apply", "--source-path", "/legacy/empty", "--target-path", "/empty");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(run.err()).contains("no parameters under /legacy/empty").contains("Nothing was written");
        assertThat(ssmWrites()).isEqualTo(before);
    }

    @Test
    void migrateSsm_whenExternalIdIsWrong_exitsPreflightNamingTheRoleAndWritesNothing() {
        SsmCopyTest.put(world.legacySsmRoot, "/legacy/cli/extid/probe", "String", "v", null, null, "text", "Standard", Map.of());
        long before = ssmWrites();
        Run run = migrateSsm("--apply", "--source-path", "/legacy/cli", "--target-path", "/cli", "--external-id", "not-the-external-id");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(run.err()).contains("cannot assume the legacy account's cross-account role").contains("ExternalId")
                .contains("Nothing was written").doesNotContain("not-the-external-id");
        assertThat(ssmWrites()).isEqualTo(before);
    }

    @Test
    void migrateSsm_whenRoleMayNotReadTheSourcePath_exitsPreflightNamingThePermission() {
        SsmCopyTest.put(world.legacySsmRoot, "/legacy/private/token", "String", "v", null, null, "text", "Standard", Map.of());
        long before = ssmWrites();
        Run run = migrateSsm("--apply", "--source-path", "/legacy/private", "--target-path", "/private");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(run.err()).contains("may not ssm:GetParametersByPath").contains("on /legacy/private").contains("Nothing was written");
        assertThat(ssmWrites()).isEqualTo(before);
    }
}
