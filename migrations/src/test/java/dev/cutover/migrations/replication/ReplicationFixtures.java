package dev.cutover.migrations.replication;

import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.DynamoDbTableVerifier;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.dynamodb.VerifyReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Tables with streams, deterministic write mixes, the replicator's command line and the verify the replication tests share. */
final class ReplicationFixtures {
    static final String CHECKPOINTS = "cutover-checkpoints";

    private ReplicationFixtures() {
    }

    /** legacy-NAME with a NEW_AND_OLD_IMAGES stream, and an empty new-NAME. */
    static void createPair(TestWorld world, String name) {
        TestWorld.createTable(world.legacyRoot, "legacy-" + name, "id", ScalarAttributeType.S);
        world.legacyRoot.updateTable(r -> r.tableName("legacy-" + name)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        TestWorld.createTable(world.newRoot, "new-" + name, "id", ScalarAttributeType.S);
    }

    /**
     * {@code ops} puts, updates and deletes on keys 0..keys-1 of {@code table}, chosen by {@code seed}: about half full puts,
     * a third UpdateItem (version + 1, a new attribute), the rest deletes.
     */
    static void writeMix(DynamoDbClient legacy, String table, int keys, int ops, long seed) {
        Random random = new Random(seed);
        for (int op = 0; op < ops; op++) {
            String touched = "n" + op;
            int i = random.nextInt(keys);
            int kind = random.nextInt(6);
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(String.format("item-%07d", i)));
            if (kind < 3) {
                legacy.putItem(r -> r.tableName(table).item(TestWorld.item(i, random.nextInt(1000))));
            } else if (kind < 5) {
                legacy.updateItem(r -> r.tableName(table).key(key).updateExpression("ADD version :one SET touched = :t")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":t", AttributeValue.fromS(touched))));
            } else {
                legacy.deleteItem(r -> r.tableName(table).key(key));
            }
        }
    }

    static VerifyReport verify(TestWorld world, String name) {
        try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb()) {
            return new DynamoDbTableVerifier(legacy, target).verify("legacy-" + name, "new-" + name, ItemTransform.identity(), 64,
                    Optional.empty(), 5, Optional.empty());
        }
    }

    /** The CLI in a child JVM, as the copy's kill tests run it. */
    static List<String> cli(TestWorld world, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "dev.cutover.migrations.cli.MigrationsMain"));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", world.configFile.toString(), "--endpoint", world.sandbox.endpoint().toString()));
        return command;
    }

    static Process start(TestWorld world, Path dir, List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", world.sandbox.newAccountId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", world.sandbox.rootSecretKey(world.sandbox.newAccountId()));
        pb.environment().put("AWS_REGION", world.sandbox.region());
        pb.environment().remove("AWS_PROFILE");
        return pb.start();
    }
}
