package dev.cutover.migrations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
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

/**
 * The two accounts of a test: a configuration naming the test's tables (so the cross-account role
 * gets exactly Permissions.forMigrationSource() for them), the role itself, root clients for seeding
 * and checking, and the clients the jobs use (legacy through the role, new with root credentials).
 */
public final class TestWorld implements AutoCloseable {
    public static final String EXTERNAL_ID = "cutover-shop-3f9c2a";
    public static final String ROLE_NAME = "cutover-legacy-access";

    public final Sandbox sandbox;
    public final CutoverConfig config;
    public final Path configFile;
    public final AwsClientFactory factory;
    public final DynamoDbClient legacyRoot;
    public final DynamoDbClient newRoot;
    public final SsmClient legacySsmRoot;
    public final SsmClient newSsmRoot;

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
        String yaml = CutoverConfig.exampleText()
                .replace("arn:aws:kms:us-east-1:111111111111:key/11111111-1111-4111-8111-111111111111",
                        SandboxKmsKeys.keyArn(sandbox.region(), sandbox.legacyAccountId(), "alias/cutover"))
                .replace("arn:aws:kms:us-east-1:222222222222:key/22222222-2222-4222-8222-222222222222",
                        SandboxKmsKeys.keyArn(sandbox.region(), sandbox.newAccountId(), "alias/cutover"));
        StringBuilder legacyTables = new StringBuilder();
        StringBuilder newTables = new StringBuilder();
        tablePairs.forEach((logical, names) -> {
            legacyTables.append("      ").append(logical).append(":\n        name: ").append(names[0])
                    .append("\n        partitionKey: {name: id, type: S}\n");
            newTables.append("      ").append(logical).append(":\n        name: ").append(names[1])
                    .append("\n        partitionKey: {name: id, type: S}\n");
        });
        yaml = yaml.replace("    tables:\n      items:\n        name: legacy-shop-items",
                "    tables:\n" + legacyTables + "      items:\n        name: legacy-shop-items");
        yaml = yaml.replace("    tables:\n      items:\n        name: shop-items", "    tables:\n" + newTables
                + "      items:\n        name: shop-items");
        StringBuilder legacyTrees = new StringBuilder();
        StringBuilder newTrees = new StringBuilder();
        parameterTrees.forEach((logical, paths) -> {
            legacyTrees.append("      ").append(logical).append(":\n        path: ").append(paths[0]).append("\n        kmsKeyArn: ")
                    .append(cutoverKeyArn(sandbox, sandbox.legacyAccountId())).append('\n');
            newTrees.append("      ").append(logical).append(":\n        path: ").append(paths[1]).append("\n        kmsKeyArn: ")
                    .append(cutoverKeyArn(sandbox, sandbox.newAccountId())).append('\n');
        });
        yaml = yaml.replace("    parameters:\n      settings:\n        path: /legacy/shop",
                "    parameters:\n" + legacyTrees + "      settings:\n        path: /legacy/shop");
        yaml = yaml.replace("    parameters:\n      settings:\n        path: /shop\n", "    parameters:\n" + newTrees
                + "      settings:\n        path: /shop\n");
        this.configFile = dir.resolve("cutover.yaml");
        Files.writeString(configFile, yaml);
        this.config = CutoverConfig.load(configFile);
        sandbox.iam().putRole(IamRole.builder().accountId(sandbox.legacyAccountId()).name(ROLE_NAME)
                .trustAccount(sandbox.newAccountId(), EXTERNAL_ID)
                .inlinePolicy("migration-source", policy(new Permissions(config).forMigrationSource()))
                .build());
        this.factory = factory(config);
        this.legacyRoot = root(DynamoDbClient.builder(), sandbox.legacyAccountId());
        this.newRoot = root(DynamoDbClient.builder(), sandbox.newAccountId());
        this.legacySsmRoot = root(SsmClient.builder(), sandbox.legacyAccountId());
        this.newSsmRoot = root(SsmClient.builder(), sandbox.newAccountId());
    }

    /**
     * Puts the role again with the replicator's stream reads ({@link Permissions#forReplicationSource()}) as a second inline
     * policy: a separate grant set, given only to the tests that replicate.
     */
    public void grantReplication() {
        Permissions permissions = new Permissions(config);
        sandbox.iam().putRole(IamRole.builder().accountId(sandbox.legacyAccountId()).name(ROLE_NAME)
                .trustAccount(sandbox.newAccountId(), EXTERNAL_ID)
                .inlinePolicy("migration-source", policy(permissions.forMigrationSource()))
                .inlinePolicy("replication-source", policy(permissions.forReplicationSource()))
                .build());
    }

    /**
     * Puts the role again with the replicator's stream reads and the export's grants
     * ({@link Permissions#forExportSource(String, String)}) for {@code bucket}/{@code prefix}: only the export tests get them.
     */
    public void grantExport(String bucket, String prefix) {
        Permissions permissions = new Permissions(config);
        sandbox.iam().putRole(IamRole.builder().accountId(sandbox.legacyAccountId()).name(ROLE_NAME)
                .trustAccount(sandbox.newAccountId(), EXTERNAL_ID)
                .inlinePolicy("migration-source", policy(permissions.forMigrationSource()))
                .inlinePolicy("replication-source", policy(permissions.forReplicationSource()))
                .inlinePolicy("export-source", policy(permissions.forExportSource(bucket, prefix)))
                .build());
    }

    /** The ARN of the key behind alias/cutover in {@code account}: the tests' parameter trees' kmsKeyArn. */
    public static String cutoverKeyArn(Sandbox sandbox, String account) {
        return SandboxKmsKeys.keyArn(sandbox.region(), account, "alias/cutover");
    }

    /** A factory like the CLI's (10 SDK attempts), the new account with root credentials. */
    public AwsClientFactory factory(CutoverConfig c) {
        return AwsClientFactory.builder().endpoint(sandbox.endpoint()).newAccountCredentials(newCredentials())
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

    public static String policy(List<Permission> permissions) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = json.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        for (Permission p : permissions) {
            ObjectNode s = statements.addObject();
            s.put("Effect", "Allow");
            s.put("Action", p.action());
            s.put("Resource", p.resource());
            if (!p.stringEquals().isEmpty()) {
                ObjectNode eq = s.putObject("Condition").putObject("StringEquals");
                p.stringEquals().forEach(eq::put);
            }
        }
        return doc.toString();
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
        factory.close();
        legacyRoot.close();
        newRoot.close();
        legacySsmRoot.close();
        newSsmRoot.close();
    }
}
