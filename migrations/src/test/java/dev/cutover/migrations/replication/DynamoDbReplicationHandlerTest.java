package dev.cutover.migrations.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.AttributeRenames;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.sandbox.SandboxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The Lambda handler in-process: DynamodbEvent records built here, applied to the sandbox's new table over HTTP. */
class DynamoDbReplicationHandlerTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("lambda", "failing"));
        TestWorld.createTable(world.newRoot, "new-lambda", "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-failing", "id", ScalarAttributeType.S);
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @Test
    void handleRequest_withInsertModifyAndRemove_appliesThemInOrderThroughTheTransform() {
        world.newRoot.putItem(r -> r.tableName("new-lambda").item(Map.of("id", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                .fromS("gone"))));
        DynamodbEvent event = event(
                record("INSERT", "100", "a", Map.of("id", s("a"), "colour", s("red"), "secret", s("x"))),
                record("INSERT", "101", "b", Map.of("id", s("b"), "n", n("1"), "tags", ss("t1", "t2"))),
                record("MODIFY", "102", "a", Map.of("id", s("a"), "colour", s("blue"), "nested", m(Map.of("ok", bool(true))))),
                record("REMOVE", "103", "gone", null),
                record("REMOVE", "104", "b", null),
                record("INSERT", "105", "b", Map.of("id", s("b"), "n", n("2"))));
        ItemTransform transform = AttributeRenames.parse(List.of("colour=color"), List.of("secret"));

        StreamsEventResponse response = new DynamoDbReplicationHandler(world.newRoot, "new-lambda", transform).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        var a = world.newRoot.getItem(r -> r.tableName("new-lambda").key(key("a"))).item();
        assertThat(a).containsOnlyKeys("id", "color", "nested");
        assertThat(a.get("color").s()).isEqualTo("blue");
        assertThat(a.get("nested").m().get("ok").bool()).isTrue();
        assertThat(world.newRoot.getItem(r -> r.tableName("new-lambda").key(key("b"))).item().get("n").n()).isEqualTo("2");
        assertThat(world.newRoot.getItem(r -> r.tableName("new-lambda").key(key("gone"))).hasItem()).isFalse();
    }

    @Test
    void handleRequest_whenTheTargetKeepsFailing_reportsEveryRecordFromTheFirstFailure() {
        SANDBOX.sandbox().faults().forAccount(world.sandbox.newAccountId()).throttle("dynamodb", "BatchWriteItem", 1.0);
        try (DynamoDbClient oneAttempt = DynamoDbClient.builder().endpointOverride(world.sandbox.endpoint())
                .region(Region.of(world.sandbox.region())).credentialsProvider(world.newCredentials())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))).build()) {
            DynamodbEvent event = event(record("INSERT", "200", "x", Map.of("id", s("x"))), record("REMOVE", "201", "y", null));

            StreamsEventResponse response = new DynamoDbReplicationHandler(oneAttempt, "new-failing", ItemTransform.identity())
                    .handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("200", "201");
        } finally {
            SANDBOX.sandbox().faults().clear();
        }
        assertThat(TestWorld.count(world.newRoot, "new-failing")).isZero();
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(new ArrayList<>(List.of(records)));
        return e;
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String name, String sequence, String id, Map<String, AttributeValue> image) {
        StreamRecord d = new StreamRecord();
        d.setSequenceNumber(sequence);
        d.setApproximateCreationDateTime(new Date());
        d.setKeys(Map.of("id", s(id)));
        d.setNewImage(image);
        DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName(name);
        r.setDynamodb(d);
        return r;
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key(String id) {
        return Map.of("id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id));
    }

    private static AttributeValue s(String v) {
        return new AttributeValue().withS(v);
    }

    private static AttributeValue n(String v) {
        return new AttributeValue().withN(v);
    }

    private static AttributeValue ss(String... v) {
        return new AttributeValue().withSS(v);
    }

    private static AttributeValue bool(boolean v) {
        return new AttributeValue().withBOOL(v);
    }

    private static AttributeValue m(Map<String, AttributeValue> v) {
        return new AttributeValue().withM(v);
    }
}
