package dev.cutover.migrations.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.DynamoDbTableVerifier;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.dynamodb.VerifyReport;
import dev.cutover.sandbox.SandboxExtension;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The worker Lambda, in-process against the sandbox: deadline-bounded invocations per worker index until all are done. */
class MigrationWorkerHandlerTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @Test
    void handleRequest_invokedUntilDoneForEachWorkerIndex_copiesTheTableAndVerifiesEqual(@TempDir Path dir) throws Exception {
        int items = 2_000;
        try (TestWorld world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("lambda"))) {
            TestWorld.createTable(world.legacyRoot, "legacy-lambda", "id", ScalarAttributeType.S);
            TestWorld.createTable(world.newRoot, "new-lambda", "id", ScalarAttributeType.S);
            TestWorld.createTable(world.newRoot, "checkpoints", "job", ScalarAttributeType.S);
            TestWorld.seed(world.legacyRoot, "legacy-lambda", items, 1);
            MigrationWorkerHandler handler = new MigrationWorkerHandler(world.config, world.factory, "checkpoints");

            // GIVEN invocations that each have 2.5 s left and keep a 1 s margin, paced at 400 items/s
            List<String> outcomes = new ArrayList<>();
            boolean[] done = new boolean[2];
            for (int round = 0; round < 12 && !(done[0] && done[1]); round++) {
                for (int index = 0; index < 2; index++) {
                    if (done[index]) {
                        continue;
                    }
                    // WHEN the state machine's loop invokes the worker again with the same input
                    Map<String, Object> out = handler.handleRequest(Map.of("table", "lambda", "workers", 2, "workerIndex", index,
                            "segments", 4, "rate", "400", "pageSize", 50, "marginSeconds", 1), context(2_500));
                    outcomes.add(index + ":" + out.get("status"));
                    done[index] = (Boolean) out.get("done");
                    assertThat(out).containsEntry("workerIndex", index).containsEntry("workerSegments", 2);
                }
            }

            // THEN some invocations stopped at their deadline with work left, and the worker slices together copied the table
            System.out.println("worker invocations (index:status): " + outcomes);
            assertThat(done).as(outcomes.toString()).containsOnly(true);
            assertThat(outcomes).filteredOn(o -> o.endsWith("more-to-do")).hasSizeGreaterThanOrEqualTo(2);
            try (DynamoDbClient legacy = world.legacyDynamoDb(); DynamoDbClient target = world.newDynamoDb()) {
                VerifyReport verify = new DynamoDbTableVerifier(legacy, target).verify("legacy-lambda", "new-lambda",
                        ItemTransform.identity(), 64, Optional.empty(), 5, Optional.empty());
                assertThat(verify.isEqual()).as(verify.toJson()).isTrue();
                assertThat(verify.targetItems()).isEqualTo(items);
            }
        }
    }

    @Test
    void handleRequest_whenLessTimeIsLeftThanTheMargin_refusesClearly(@TempDir Path dir) throws Exception {
        try (TestWorld world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("short"))) {
            MigrationWorkerHandler handler = new MigrationWorkerHandler(world.config, world.factory, "checkpoints");
            assertThatThrownBy(() -> handler.handleRequest(Map.of("table", "short", "workers", 1, "workerIndex", 0), context(30_000)))
                    .hasMessageContaining("30000 ms left, not enough for a margin of 60 s");
        }
    }

    /** A Lambda context that only knows the time left. */
    private static Context context(int remainingMillis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> remainingMillis;
                    case "getFunctionName" -> "cutover-migration-worker";
                    default -> null;
                });
    }
}
