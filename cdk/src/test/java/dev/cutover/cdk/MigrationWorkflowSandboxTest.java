package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Permissions;
import dev.cutover.config.PolicyDocument;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.cli.ExitCodes;
import dev.cutover.migrations.cli.MigrateDynamoDbCommand;
import dev.cutover.migrations.cli.MigrationsMain;
import dev.cutover.migrations.lambda.MigrationWorkerHandler;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code migrate dynamodb --in-aws} end to end in the sandbox: this stack's own state machine definition runs in the sandbox's
 * Step Functions stand-in, whose Lambda tasks call the real MigrationWorkerHandler; then {@code verify dynamodb}.
 */
class MigrationWorkflowSandboxTest {
    private static final String CHECKPOINTS = "cutover-checkpoints";
    private static final String LEGACY = SandboxConfig.DEFAULT_LEGACY_ACCOUNT_ID;
    private static final String NEW = SandboxConfig.DEFAULT_NEW_ACCOUNT_ID;
    private static final String WORKER_ARN = "arn:aws:lambda:us-east-1:" + NEW + ":function:" + MigrationWorkflow.WORKER_FUNCTION_NAME;

    // Retry intervals of the definition (2 s, 30 s, doubling) pass a thousand times faster.
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder().stepFunctionsTimeScale(0.001).build());

    @Test
    void migrateInAws_withThreeWorkers_copiesTheTableThroughTheStateMachineAndExitsZero(@TempDir Path dir) throws Exception {
        Sandbox sandbox = SANDBOX.sandbox();
        World world = new World(sandbox, dir, "inaws");
        createTable(world.newRoot, "new-inaws", "id");
        seed(world.legacyRoot, "legacy-inaws", 3_000);
        // GIVEN the worker Lambda with 65 s per invocation and the definition's 60 s margin: 5 s slices, so workers loop
        world.registerWorker(Duration.ofSeconds(65));

        // WHEN the copy runs in "AWS" with three workers
        Run run = cli(sandbox, "migrate", "dynamodb", "--config", world.configFile.toString(), "--endpoint",
                sandbox.endpoint().toString(), "--table", "inaws", "--in-aws", "--workers", "3", "--segments", "6", "--rate", "400",
                "--poll-interval", "200ms");

        // THEN it printed the execution's ARN first, followed the checkpoint, and exited with the job's outcome
        assertThat(run.exit).as(run.all()).isEqualTo(ExitCodes.OK);
        assertThat(run.out.lines().findFirst().orElse("")).startsWith("arn:aws:states:us-east-1:" + NEW + ":execution:"
                + MigrationWorkflow.STATE_MACHINE_NAME + ":inaws-3w-");
        assertThat(run.out).contains("\"status\" : \"SUCCEEDED\"", "\"complete\" : true", "\"itemsCopied\" : 3000");
        assertThat(run.err).contains("segments  6:");
        Run verify = cli(sandbox, "verify", "dynamodb", "--config", world.configFile.toString(), "--endpoint",
                sandbox.endpoint().toString(), "--table", "inaws", "--state-dir", dir.resolve("state").toString());
        assertThat(verify.exit).as(verify.all()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out).contains("\"equal\" : true");
    }

    @Test
    void migrateInAws_whenTheWorkersFail_exitsWorkflowFailedWithTheError(@TempDir Path dir) throws Exception {
        Sandbox sandbox = SANDBOX.sandbox();
        World world = new World(sandbox, dir, "broken");
        // GIVEN no target table: every worker's preflight fails (the state machine retries it, then gives up)
        seed(world.legacyRoot, "legacy-broken", 100);
        world.registerWorker(Duration.ofSeconds(65));

        Run run = cli(sandbox, "migrate", "dynamodb", "--config", world.configFile.toString(), "--endpoint",
                sandbox.endpoint().toString(), "--table", "broken", "--in-aws", "--workers", "2", "--poll-interval", "200ms");

        assertThat(run.exit).as(run.all()).isEqualTo(ExitCodes.WORKFLOW_FAILED);
        assertThat(run.out).contains("\"status\" : \"FAILED\"", "States.ExceedToleratedFailureThreshold");
        assertThat(run.err).contains("the execution ended FAILED", "PreflightException", "new-broken", "run the same command again");
    }

    @Test
    void migrateInAws_withLocalOnlyOptions_refusesNamingThem(@TempDir Path dir) throws Exception {
        Sandbox sandbox = SANDBOX.sandbox();
        World world = new World(sandbox, dir, "refused");

        Run run = cli(sandbox, "migrate", "dynamodb", "--config", world.configFile.toString(), "--endpoint",
                sandbox.endpoint().toString(), "--table", "refused", "--in-aws", "--mode", "newer-wins", "--page-size", "10");

        assertThat(run.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("drop --mode, --page-size");
    }

    @Test
    void migrateInAws_withAStateMachineThatDoesNotExist_failsPreflightNamingTheOutput(@TempDir Path dir) throws Exception {
        Sandbox sandbox = SANDBOX.sandbox();
        World world = new World(sandbox, dir, "nomachine");

        Run run = cli(sandbox, "migrate", "dynamodb", "--config", world.configFile.toString(), "--endpoint",
                sandbox.endpoint().toString(), "--table", "nomachine", "--in-aws", "--state-machine-arn",
                "arn:aws:states:us-east-1:" + NEW + ":stateMachine:not-deployed");

        assertThat(run.exit).as(run.all()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(run.err).contains("stateMachine:not-deployed does not exist", "MigrationStateMachineArn");
    }

    @Test
    void stateMachineName_isTheOneMigrateInAwsStarts() {
        assertThat(MigrationWorkflow.STATE_MACHINE_NAME).isEqualTo(MigrateDynamoDbCommand.IN_AWS_STATE_MACHINE_NAME);
    }

    /** Both accounts for one logical table "NAME" (legacy-NAME, new-NAME), the role, and the new account's workflow. */
    private static final class World {
        final Sandbox sandbox;
        final CutoverConfig config;
        final Path configFile;
        final DynamoDbClient legacyRoot;
        final DynamoDbClient newRoot;

        World(Sandbox sandbox, Path dir, String name) throws Exception {
            this.sandbox = sandbox;
            // the example's tables stay (its operations name them); the test's table is added on both sides
            String yaml = CutoverConfig.exampleText()
                    .replace("    tables:\n      items:\n        name: legacy-shop-items", "    tables:\n      " + name
                            + ":\n        name: legacy-" + name + "\n        partitionKey: {name: id, type: S}\n"
                            + "      items:\n        name: legacy-shop-items")
                    .replace("    tables:\n      items:\n        name: shop-items", "    tables:\n      " + name
                            + ":\n        name: new-" + name + "\n        partitionKey: {name: id, type: S}\n"
                            + "      items:\n        name: shop-items");
            this.configFile = dir.resolve("cutover.yaml");
            Files.writeString(configFile, yaml);
            this.config = CutoverConfig.load(configFile);
            String migrationRole = config.accounts().legacy().roleArn(LegacyAccount.Job.MIGRATION);
            sandbox.iam().putRole(IamRole.builder().accountId(LEGACY).name(migrationRole.substring(migrationRole.lastIndexOf('/') + 1))
                    .trustAccount(NEW, config.accounts().legacy().externalId())
                    .inlinePolicy("migration-source", PolicyDocument.of(new Permissions(config).forMigrationSource())).build());
            sandbox.iam().putRole(IamRole.builder().accountId(NEW).name("cutover-migration-workflow").trustAccount(NEW)
                    .inlinePolicy(MigrationWorkflow.STATE_MACHINE_POLICY, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
                            + "\"Allow\", \"Action\": \"lambda:InvokeFunction\", \"Resource\": \"" + WORKER_ARN + "\"}]}").build());
            this.legacyRoot = root(LEGACY);
            this.newRoot = root(NEW);
            createTable(legacyRoot, "legacy-" + name, "id");
            try {
                createTable(newRoot, CHECKPOINTS, "job");
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException e) {
                // another test created it
            }
            try (SfnClient sfn = SfnClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(credentials(NEW)).build()) {
                sfn.createStateMachine(r -> r.name(MigrationWorkflow.STATE_MACHINE_NAME)
                        .roleArn("arn:aws:iam::" + NEW + ":role/cutover-migration-workflow")
                        .definition(MigrationWorkflow.definition(WORKER_ARN, CHECKPOINTS, 4)));
            }
        }

        /** The worker Lambda of the new account: the real handler, reaching the sandbox with the new account's root credentials. */
        void registerWorker(Duration timeout) {
            AwsClientFactory factory = AwsClientFactory.builder().legacyRole(LegacyAccount.Job.MIGRATION).endpoint(sandbox.endpoint())
                    .newAccountCredentials(credentials(NEW))
                    .maxAttempts(10).build(config);
            sandbox.lambdas().register(NEW, MigrationWorkflow.WORKER_FUNCTION_NAME, new MigrationWorkerHandler(config, factory,
                    CHECKPOINTS), timeout);
        }

        private DynamoDbClient root(String account) {
            return DynamoDbClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(credentials(account)).build();
        }

        private StaticCredentialsProvider credentials(String account) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(account, sandbox.rootSecretKey(account)));
        }
    }

    private static void createTable(DynamoDbClient client, String name, String key) {
        client.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(key).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH)));
    }

    private static void seed(DynamoDbClient client, String table, int count) {
        for (int start = 0; start < count; start += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 25); i++) {
                Map<String, AttributeValue> item = new HashMap<>();
                item.put("id", AttributeValue.fromS(String.format("item-%07d", i)));
                item.put("owner", AttributeValue.fromS("owner-" + i % 97));
                item.put("payload", AttributeValue.fromS("x".repeat(40 + i % 60)));
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
                pending = response.unprocessedItems();
            }
        }
    }

    private record Run(int exit, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    /** Runs the migrations CLI in-process with the new account's root credentials (the SDK's system properties). */
    private static Run cli(Sandbox sandbox, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        System.setProperty("aws.accessKeyId", NEW);
        System.setProperty("aws.secretAccessKey", sandbox.rootSecretKey(NEW));
        System.setProperty("aws.region", sandbox.region());
        try {
            CommandLine cl = MigrationsMain.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.region");
        }
    }
}
