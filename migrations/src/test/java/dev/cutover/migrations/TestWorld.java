package dev.cutover.migrations;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.PolicyDocument;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.internal.ssm.SandboxKmsKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The two accounts of a test: a configuration naming the test's tables (so the legacy migration role
 * gets exactly Permissions.forMigrationSource() for them), the role itself, root clients for seeding
 * and checking, and the clients the jobs use (legacy through the migration role, or the replication
 * role for stream reads, new with root credentials).
 */
public final class TestWorld implements AutoCloseable {
    public static final String EXTERNAL_ID = "cutover-shop-3f9c2a";

    public final Sandbox sandbox;
    public final CutoverConfig config;
    public final Path configFile;
    /** The migration jobs' clients: legacy through {@code accounts.legacy.migrationRoleArn}. */
    public final AwsClientFactory factory;
    /** {@code replicate dynamodb}'s clients: legacy through {@code replicationRoleArn} (granted by {@link #grantReplication()}). */
    public final AwsClientFactory replicationFactory;
    public final DynamoDbClient legacyRoot;
    public final DynamoDbClient newRoot;
    public final SsmClient legacySsmRoot;
    public final SsmClient newSsmRoot;
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    /** @param tablePairs logical name to {legacy name, new name} */
    public TestWorld(Sandbox sandbox, Path dir, Map<String, String[]> tablePairs) throws IOException {
        this(sandbox, dir, tablePairs, Map.of());
    }

    /**
     * @param tablePairs logical name to {legacy name, new name}
     * @param parameterTrees logical name to {legacy path, new path}; SecureStrings under them are encrypted with
     *     each account's alias/cutover key (the role may decrypt exactly the legacy one)
     */
    public TestWorld(Sandbox sandbox, Path dir, Map<String, String[]> tablePairs, Map<String, String[]> parameterTrees)
            throws IOException {
        this.sandbox = sandbox;
        // The file is what the CLI commands under test read, so it stays text; each edit must match (see insertBefore).
        String yaml = CutoverConfig.exampleText();
        StringBuilder legacyTables = new StringBuilder();
        StringBuilder newTables = new StringBuilder();
        tablePairs.forEach((logical, names) -> {
            legacyTables.append("      ").append(logical).append(":\n        name: ").append(names[0])
                    .append("\n        partitionKey: {name: id, type: S}\n");
            newTables.append("      ").append(logical).append(":\n        name: ").append(names[1])
                    .append("\n        partitionKey: {name: id, type: S}\n");
        });
        yaml = insertBefore(yaml, "      items:\n        name: legacy-shop-items", legacyTables);
        yaml = insertBefore(yaml, "      items:\n        name: shop-items", newTables);
        StringBuilder legacyTrees = new StringBuilder();
        StringBuilder newTrees = new StringBuilder();
        parameterTrees.forEach((logical, paths) -> {
            legacyTrees.append("      ").append(logical).append(":\n        path: ").append(paths[0]).append("\n        kmsKeyArn: ")
                    .append(cutoverKeyArn(sandbox, sandbox.legacyAccountId())).append('\n');
            newTrees.append("      ").append(logical).append(":\n        path: ").append(paths[1]).append("\n        kmsKeyArn: ")
                    .append(cutoverKeyArn(sandbox, sandbox.newAccountId())).append('\n');
        });
        yaml = insertBefore(yaml, "      settings:\n        path: /legacy/shop\n", legacyTrees);
        yaml = insertBefore(yaml, "      settings:\n        path: /shop\n", newTrees);
        this.configFile = dir.resolve("cutover.yaml");
        Files.writeString(configFile, yaml);
        this.config = CutoverConfig.load(configFile);
        putLegacyRole(LegacyAccount.Job.MIGRATION);
        this.factory = factory(config);
        this.replicationFactory = factory(config, LegacyAccount.Job.REPLICATION);
        this.legacyRoot = root(DynamoDbClient.builder(), sandbox.legacyAccountId());
        this.newRoot = root(DynamoDbClient.builder(), sandbox.newAccountId());
        this.legacySsmRoot = root(SsmClient.builder(), sandbox.legacyAccountId());
        this.newSsmRoot = root(SsmClient.builder(), sandbox.newAccountId());
    }

    /**
     * Puts the legacy replication role with exactly {@link Permissions#forLegacyRole(LegacyAccount.Job)} for
     * {@code REPLICATION} (stream reads, DescribeTable): a role of its own, given only to the tests that replicate.
     */
    public void grantReplication() {
        putLegacyRole(LegacyAccount.Job.REPLICATION);
    }

    private void putLegacyRole(LegacyAccount.Job job) {
        String arn = config.accounts().legacy().roleArn(job);
        sandbox.iam().putRole(IamRole.builder().accountId(sandbox.legacyAccountId()).name(arn.substring(arn.lastIndexOf('/') + 1))
                .trustAccount(sandbox.newAccountId(), EXTERNAL_ID)
                .inlinePolicy(job.name().toLowerCase(Locale.ROOT) + "-source",
                        PolicyDocument.of(new Permissions(config).forLegacyRole(job)))
                .build());
    }

    /**
     * Puts the role again with the replicator's stream reads and the export's grants
     * ({@link Permissions#forExportSource(String, String)}) for {@code bucket}/{@code prefix}: only the export tests get them.
     */
    public void grantExport(String bucket, String prefix) {
        Permissions permissions = new Permissions(config);
        sandbox.iam().putRole(IamRole.builder().accountId(sandbox.legacyAccountId()).name(migrationRoleName())
                .trustAccount(sandbox.newAccountId(), EXTERNAL_ID)
                .inlinePolicy("migration-source", PolicyDocument.of(permissions.forMigrationSource()))
                .inlinePolicy("replication-source", PolicyDocument.of(permissions.forReplicationSource()))
                .inlinePolicy("export-source", PolicyDocument.of(permissions.forExportSource(bucket, prefix)))
                .build());
    }

    /**
     * Puts the new account's migration role {@code roleName} (what the CDK app's {@code cutover-migration} grants for the jobs,
     * without its Lambda logs: {@link Permissions#forMigrationTarget()}, {@link Permissions#forCheckpointTable(String)} and
     * sts:AssumeRole on the legacy migration role), plus {@code importGrants} as the policy {@code import-target}, and returns
     * a factory whose new-account calls are that role's session: the jobs run as the role, not as root.
     */
    public AwsClientFactory newAccountMigrationRole(String roleName, String checkpointTable, List<Permission> importGrants) {
        Permissions permissions = new Permissions(config);
        List<Permission> jobs = new ArrayList<>(permissions.forMigrationTarget());
        jobs.addAll(permissions.forCheckpointTable(checkpointTable));
        jobs.add(Permission.of("sts:AssumeRole", config.accounts().legacy().roleArn(LegacyAccount.Job.MIGRATION),
                Permissions.MIGRATE_DYNAMODB));
        IamRole.Builder role = IamRole.builder().accountId(sandbox.newAccountId()).name(roleName).trustAccount(sandbox.newAccountId())
                .inlinePolicy("migration-target-writes", PolicyDocument.of(jobs));
        if (!importGrants.isEmpty()) {
            role.inlinePolicy("import-target", PolicyDocument.of(importGrants));
        }
        sandbox.iam().putRole(role.build());
        StsClient sts = root(StsClient.builder(), sandbox.newAccountId());
        String arn = "arn:aws:iam::" + sandbox.newAccountId() + ":role/" + roleName;
        StsAssumeRoleCredentialsProvider session = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(arn).roleSessionName("migration")).build();
        AwsClientFactory roleFactory = AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(session)
                .legacyRole(LegacyAccount.Job.MIGRATION).maxAttempts(10).apiCallAttemptTimeout(Duration.ofSeconds(20))
                .apiCallTimeout(Duration.ofMinutes(2)).build(config);
        closeLater.add(roleFactory::close);
        closeLater.add(session::close);
        closeLater.add(sts::close);
        return roleFactory;
    }

    /** The name of the legacy role the migration jobs assume (--via-export reads the stream as this role too). */
    public String migrationRoleName() {
        String arn = config.accounts().legacy().roleArn(LegacyAccount.Job.MIGRATION);
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The ARN of the key behind alias/cutover in {@code account}: the tests' parameter trees' kmsKeyArn. */
    public static String cutoverKeyArn(Sandbox sandbox, String account) {
        return SandboxKmsKeys.keyArn(sandbox.region(), account, "alias/cutover");
    }

    /** A factory like the migration commands' (10 SDK attempts, the migration role), the new account with root credentials. */
    public AwsClientFactory factory(CutoverConfig c) {
        return factory(c, LegacyAccount.Job.MIGRATION);
    }

    /** A factory like the CLI's for {@code job} (10 SDK attempts), the new account with root credentials. */
    public AwsClientFactory factory(CutoverConfig c, LegacyAccount.Job job) {
        return AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(newCredentials()).legacyRole(job)
                .maxAttempts(10).apiCallAttemptTimeout(Duration.ofSeconds(20)).apiCallTimeout(Duration.ofMinutes(2)).build(c);
    }

    public StaticCredentialsProvider newCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(sandbox.newAccountId(),
                sandbox.rootSecretKey(sandbox.newAccountId())));
    }

    public SsmClient legacySsm() {
        return factory.build(SsmClient.builder(), Side.LEGACY);
    }

    public SsmClient newSsm() {
        return factory.build(SsmClient.builder(), Side.NEW);
    }

    public DynamoDbClient legacyDynamoDb() {
        return factory.build(DynamoDbClient.builder(), Side.LEGACY);
    }

    public DynamoDbClient newDynamoDb() {
        return factory.build(DynamoDbClient.builder(), Side.NEW);
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C root(
            software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C> builder, String account) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account, sandbox.rootSecretKey(account))))
                .build();
    }

    public static void createTable(DynamoDbClient client, String name, String pk, ScalarAttributeType type) {
        client.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(pk).attributeType(type))
                .keySchema(k -> k.attributeName(pk).keyType(KeyType.HASH)));
    }

    public static Map<String, AttributeValue> item(int i, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(String.format("item-%07d", i)));
        item.put("owner", AttributeValue.fromS("owner-" + (i % 97)));
        item.put("price", AttributeValue.fromN((i % 1000) + "." + (i % 100)));
        item.put("version", AttributeValue.fromN(Long.toString(version)));
        item.put("tags", AttributeValue.fromSs(List.of("t" + (i % 7), "t" + (i % 11 + 20))));
        item.put("payload", AttributeValue.fromS("x".repeat(40 + i % 60)));
        if (i % 10 == 0) {
            item.put("nested", AttributeValue.fromM(Map.of("a", AttributeValue.fromL(List.of(AttributeValue.fromN("1"),
                    AttributeValue.fromBool(true))), "b", AttributeValue.fromNul(true))));
        }
        return item;
    }

    /** Writes items 0..count-1 with BatchWriteItem from 8 threads (root credentials, no faults expected). */
    public static void seed(DynamoDbClient client, String table, int count, long version) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int start = 0; start < count; start += 25) {
                int from = start;
                futures.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(count, from + 25); i++) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i, version)).build()).build());
                    }
                    writeUntilProcessed(client, table, batch);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    public static long count(DynamoDbClient client, String table) {
        return client.scanPaginator(r -> r.tableName(table).select("COUNT")).stream().mapToLong(p -> p.count()).sum();
    }

    /** Logical table names mapped to their legacy and new table names: "x" to {"legacy-x", "new-x"}. */
    public static Map<String, String[]> pairedTables(String... names) {
        Map<String, String[]> tables = new TreeMap<>();
        for (String t : names) {
            tables.put(t, new String[] {"legacy-" + t, "new-" + t});
        }
        return tables;
    }

    /** One BatchWriteItem, resent with its UnprocessedItems until DynamoDB took every item. */
    public static void writeUntilProcessed(DynamoDbClient client, String table, List<WriteRequest> batch) {
        List<WriteRequest> pending = batch;
        while (!pending.isEmpty()) {
            List<WriteRequest> send = pending;
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(table, send)));
            pending = r.unprocessedItems().getOrDefault(table, List.of());
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeLater) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a test client failed", e);
            }
        }
        factory.close();
        replicationFactory.close();
        legacyRoot.close();
        newRoot.close();
        legacySsmRoot.close();
        newSsmRoot.close();
    }

    /** {@code text} with {@code insert} put before the one occurrence of {@code anchor}; fails if the example no longer has it. */
    private static String insertBefore(String text, String anchor, CharSequence insert) {
        int at = text.indexOf(anchor);
        if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
            throw new IllegalStateException("the example configuration must contain exactly one '" + anchor.replace("\n", "\\n")
                    + "' for TestWorld to add its resources there; update TestWorld to the example's current layout");
        }
        return text.substring(0, at) + insert + text.substring(at);
    }
}
