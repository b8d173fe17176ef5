package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.sandbox.SandboxSeeder;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.state.CutoverState;
import dev.cutover.migrations.replication.DynamoDbStreamReplicator;
import dev.cutover.migrations.replication.ReplicationMode;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** {@code cutover flags} against the sandbox's AppConfig, through the real CLI and the real SDK client. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlagsCommandSandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void seedAndUseNewAccountRoot() {
        Sandbox sandbox = SANDBOX.sandbox();
        SandboxSeeder.seedData(sandbox, CutoverConfig.example(), 10, 0);
        // The SDK's default chain reads these first: the CLI runs as the new account's root.
        System.setProperty("aws.accessKeyId", sandbox.newAccountId());
        System.setProperty("aws.secretAccessKey", sandbox.rootSecretKey(sandbox.newAccountId()));
    }

    @AfterAll
    static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    record Run(int exitCode, String out, String err) {
    }

    private static Run cutover(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CutoverMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoint";
        all[args.length + 1] = SANDBOX.sandbox().endpoint().toString();
        all[args.length + 2] = "--state-dir";
        all[args.length + 3] = stateDir.toString();
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    @Order(1)
    void show_afterInit_everyOperationOnLegacy() {
        Run run = cutover("flags", "show");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("kill switch: off").contains("getItem").contains("createOrder");
        assertThat(run.out().lines().filter(l -> l.startsWith("getItem") || l.startsWith("createOrder")))
                .hasSize(2).allMatch(l -> l.endsWith("legacy"));
    }

    @Test
    @Order(2)
    void set_readsToUnverifiedData_refusedAndNothingDeployed() {
        Run refused = cutover("flags", "set", "getItem", "canary", "10");

        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("refused").contains("'items' has been verified").contains("Nothing was deployed");
        assertThat(cutover("flags", "show").out()).doesNotContain("canary");
    }

    @Test
    @Order(3)
    void set_readsToNewAfterVerifyButWithoutReplication_refusedSayingHowToReplicateOrMoveWrites() {
        new CutoverState(stateDir).recordVerified("items", "test");

        Run refused = cutover("flags", "set", "getItem", "canary", "10");

        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("'items' is not replicated", "replicate dynamodb --table items --follow",
                "flags set createOrder dual-write", "Nothing was deployed");
        assertThat(cutover("flags", "show").out()).doesNotContain("canary");
    }

    @Test
    @Order(4)
    void set_readsToNewWithReplicationCaughtUp_deploysAndShowReportsIt_thenBackwardsNeedsForce() {
        replicateUntilCaughtUp();

        Run set = cutover("flags", "set", "getItem", "canary", "10");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(cutover("flags", "show").out()).contains("canary 10%");

        Run back = cutover("flags", "set", "getItem", "legacy");
        assertThat(back.exitCode()).isEqualTo(3);
        assertThat(back.err()).contains("go back");
        Run forced = cutover("flags", "set", "getItem", "legacy", "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("forced past 1 safety check");
    }

    @Test
    @Order(5)
    void set_readsToNewWhenReplicationStoppedLongerThanTheThreshold_refusedWithTheLag() throws InterruptedException {
        Thread.sleep(1_200);

        Run refused = cutover("flags", "set", "getItem", "canary", "10", "--max-replication-lag", "PT1S");

        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("replication of table 'items' lags", "allowed 1.0 s", "replicate status --table items");
    }

    /** The legacy table gets a stream; the replicator records its position, then runs until caught up (as in the runbook). */
    private static void replicateUntilCaughtUp() {
        Sandbox sandbox = SANDBOX.sandbox();
        CutoverConfig config = CutoverConfig.example();
        String legacyTable = config.resources(Side.LEGACY).table("items").name();
        String newTable = config.resources(Side.NEW).table("items").name();
        try (DynamoDbClient legacy = SandboxSeeder.client(DynamoDbClient.builder(), sandbox, sandbox.legacyAccountId());
                DynamoDbStreamsClient streams = SandboxSeeder.client(DynamoDbStreamsClient.builder(), sandbox, sandbox.legacyAccountId());
                DynamoDbClient fresh = SandboxSeeder.client(DynamoDbClient.builder(), sandbox, sandbox.newAccountId())) {
            legacy.updateTable(r -> r.tableName(legacyTable)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            DynamoDbStreamReplicator replicator = new DynamoDbStreamReplicator(legacy, streams, fresh, fresh);
            ReplicationOptions options = ReplicationOptions.builder().sourceTable(legacyTable).targetTable(newTable)
                    .mode(ReplicationMode.UNTIL_CAUGHT_UP).metrics(false).build();
            replicator.recordPosition(options);
            legacy.deleteItem(r -> r.tableName(legacyTable).key(Map.of("id", AttributeValue.fromS("item-000001"))));
            assertThat(replicator.replicate(options).caughtUp()).isTrue();
        }
    }

    @Test
    @Order(6)
    void set_killSwitch_isNeverRefused_andShowsOn() {
        Run on = cutover("flags", "set", "--kill-switch", "on");

        assertThat(on.exitCode()).as(on.err()).isZero();
        assertThat(cutover("flags", "show").out()).contains("kill switch: ON");
        assertThat(cutover("flags", "set", "--kill-switch", "off").exitCode()).isZero();
    }

    @Test
    @Order(7)
    void set_unknownOperationOrPhase_isAUsageErrorNamingTheValue() {
        Run unknown = cutover("flags", "set", "getItems", "new");
        Run badPhase = cutover("flags", "set", "getItem", "blue");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown operation 'getItems'").contains("getItem");
        assertThat(badPhase.exitCode()).isEqualTo(2);
        assertThat(badPhase.err()).contains("'blue'");
    }
}
