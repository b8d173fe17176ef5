package dev.cutover.migrations.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Writes on lanes, against the sandbox's table over HTTP: calls overlap, yet each key ends with its last change. */
class ChangeApplierLanesTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @Test
    void applyInLanes_whenCallsOverlap_keepsTheOrderOfEachKeysChanges() {
        Sandbox sandbox = SANDBOX.sandbox();
        List<ExecutorService> lanes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lanes.add(Executors.newSingleThreadExecutor());
        }
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(sandbox.newAccountId(),
                        sandbox.rootSecretKey(sandbox.newAccountId())))).build()) {
            client.createTable(r -> r.tableName("lanes").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            ChangeApplier applier = new ChangeApplier(client, "lanes", ItemTransform.identity(), 10);

            // GIVEN 40 calls, none waiting for the previous: call c writes value c to 60 keys (key 7 is deleted by call 39)
            List<CompletableFuture<ApplyResult>> calls = new ArrayList<>();
            for (int c = 0; c < 40; c++) {
                List<Change> changes = new ArrayList<>();
                for (int k = 0; k < 60; k++) {
                    Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("k" + k));
                    boolean remove = c == 39 && k == 7;
                    changes.add(new Change(c + "-" + k, Instant.now(), key, remove ? null
                            : Map.of("id", AttributeValue.fromS("k" + k), "v", AttributeValue.fromN(Integer.toString(c)))));
                }
                calls.add(applier.applyInLanes(changes, lanes));
            }

            // WHEN they are all done
            calls.forEach(c -> assertThat(c.join().isComplete()).isTrue());

            // THEN every key holds the last call's change
            for (int k = 0; k < 60; k++) {
                String id = "k" + k;
                var item = client.getItem(r -> r.tableName("lanes").consistentRead(true).key(Map.of("id", AttributeValue.fromS(id))))
                        .item();
                if (k == 7) {
                    assertThat(item).as(id).isEmpty();
                } else {
                    assertThat(item.get("v").n()).as(id).isEqualTo("39");
                }
            }
        } finally {
            lanes.forEach(ExecutorService::shutdownNow);
        }
    }
}
