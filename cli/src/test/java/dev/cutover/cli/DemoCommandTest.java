package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The main job end to end, small: sandbox with both accounts' queue consumers, IAM from the synthesized CDK templates,
 * router, SSM copy, replication + copy under client writes, every flag phase in the runbook's order with traffic, the
 * drain. The demo's exit code is 0 only if no request failed, no accepted write is missing from new, verify is EQUAL after
 * the last replicated write and stale reads stayed within the lag bound; the checks behind the last two are shown to fire
 * in DemoDataTest.
 */
class DemoCommandTest {

    @Test
    void demo_walksEveryPhase_withNoFailedRequest_andLegacyIdleAtTheEnd(@TempDir Path work) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CutoverMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("demo", "--items", "300", "--requests", "120", "--credential-lifetime", "5",
                "--work-dir", work.toString());

        String text = out.toString();
        assertThat(code).as(text + err).isZero();
        assertThat(text).contains("-> EQUAL", "plan again:", "(up to date)",
                "calls to any service with legacy credentials during the last 120 requests: 0",
                "client requests: 1080, failed: 0", "verify after the last replicated write: EQUAL", "-> within the bound",
                "lost writes (accepted by the router, missing from new at the end): 0 of ", "RESULT: cutover complete");
        assertThat(text.lines().filter(l -> l.startsWith("5 canary 50%"))).hasSize(1);
        long refreshes = text.lines().filter(l -> l.startsWith("credential refreshes while client traffic ran: "))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
        assertThat(refreshes).as("credentials expired and were refreshed while traffic ran").isPositive();
        assertThat(Files.readString(work.resolve("router.log"))).contains("\"operation\":\"getItem\"");
    }
}
