package dev.cutover.migrations.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.cutover.migrations.TestWorld;
import dev.cutover.migrations.dynamodb.AttributeRenames;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.workflow.DataEvidence;
import dev.cutover.sandbox.SandboxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    static final String CHECKPOINTS = "lambda-checkpoints";
    static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:111111111111:table/legacy-lambda/stream/2026-12-02T00:00:00.000";
    static final String LAG_STREAM_ARN = "arn:aws:dynamodb:us-east-1:111111111111:table/legacy-lag/stream/2026-12-02T00:00:00.000";

    @BeforeAll
    static void setUp() throws Exception {
        world = new TestWorld(SANDBOX.sandbox(), dir, TestWorld.pairedTables("lambda", "failing"));
        TestWorld.createTable(world.newRoot, "new-lambda", "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, "new-failing", "id", ScalarAttributeType.S);
        TestWorld.createTable(world.newRoot, CHECKPOINTS, "job", ScalarAttributeType.S);
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

        StreamsEventResponse response = handler(world.newRoot, "new-lambda", transform).handleRequest(event, null);

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

            StreamsEventResponse response = handler(oneAttempt, "new-failing", ItemTransform.identity()).handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("200", "201");
        } finally {
            SANDBOX.sandbox().faults().clear();
        }
        assertThat(TestWorld.count(world.newRoot, "new-failing")).isZero();
        assertThat(DynamoDbStreamReplicator.status(world.newRoot, CHECKPOINTS, "legacy-lambda", "new-failing"))
                .as("a batch that was not applied publishes no lag").isEmpty();
    }

    @Test
    void handleRequest_afterABatch_writesItsLagWhereTheFlagsGuardReadsIt() {
        // GIVEN a batch whose newest record was written 3 s before the handler applies it, on the legacy table's stream
        Instant now = Instant.parse("2026-12-02T18:00:00Z");
        DynamodbEvent first = event(record("INSERT", "300", "p", Map.of("id", s("p")), now.minusSeconds(9)),
                record("MODIFY", "301", "q", Map.of("id", s("q")), now.minusSeconds(3)));
        DynamoDbReplicationHandler handler = new DynamoDbReplicationHandler(world.newRoot, "arn:aws:dynamodb:us-east-1:"
                + world.sandbox.newAccountId() + ":table/new-lambda", ItemTransform.identity(), world.newRoot, CHECKPOINTS,
                Clock.fixed(now, ZoneOffset.UTC));

        first.getRecords().forEach(r -> r.setEventSourceARN(LAG_STREAM_ARN));

        // WHEN it applies two batches
        assertThat(handler.handleRequest(first, null).getBatchItemFailures()).isEmpty();
        DynamodbEvent second = event(record("REMOVE", "302", "p", null, now.minusSeconds(2)));
        second.getRecords().forEach(r -> r.setEventSourceARN(LAG_STREAM_ARN));
        assertThat(handler.handleRequest(second, null).getBatchItemFailures()).isEmpty();

        // THEN the job's checkpoint item says so, and the guard's evidence turns it into a lag
        ReplicationStatus status = DynamoDbStreamReplicator.status(world.newRoot, CHECKPOINTS, "legacy-lag", "new-lambda")
                .orElseThrow();
        assertThat(status.appliedRecords()).isEqualTo(3);
        assertThat(status.lagMillis()).isEqualTo(2000);
        assertThat(status.updatedAt()).isEqualTo(now);
        assertThat(status.streamArn()).isEqualTo(LAG_STREAM_ARN);
        DataEvidence evidence = new DataEvidence(Set.of("items"), Map.of("items", status), Duration.ofSeconds(5), now.plusSeconds(4));
        assertThat(evidence.replicationLag("items")).contains(Duration.ofSeconds(6));
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(new ArrayList<>(List.of(records)));
        return e;
    }

    private static DynamoDbReplicationHandler handler(DynamoDbClient target, String table, ItemTransform transform) {
        return new DynamoDbReplicationHandler(target, table, transform, target, CHECKPOINTS, Clock.systemUTC());
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String name, String sequence, String id, Map<String, AttributeValue> image) {
        return record(name, sequence, id, image, Instant.now());
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String name, String sequence, String id, Map<String, AttributeValue> image,
            Instant created) {
        StreamRecord d = new StreamRecord();
        d.setSequenceNumber(sequence);
        d.setApproximateCreationDateTime(Date.from(created));
        d.setKeys(Map.of("id", s(id)));
        d.setNewImage(image);
        DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName(name);
        r.setEventSourceARN(STREAM_ARN);
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
