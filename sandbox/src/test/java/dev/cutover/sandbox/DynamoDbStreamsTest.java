package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Streams through the edge with the real SDK v2 {@link DynamoDbStreamsClient}: capture of INSERT, MODIFY and
 * REMOVE per view type, the four iterator types, disabling and re-enabling, shard rollover with parent lineage,
 * retention trimming, iterator expiry, TTL deletions, the service's errors and IAM on stream ARNs. The sandbox runs on a
 * clock the tests move, so nothing waits for real time except the TTL sweeper test.
 */
class DynamoDbStreamsTest {

    private static final String LEGACY = "111111111111";
    private static final String TABLES = "arn:aws:dynamodb:us-east-1:" + LEGACY + ":table/";
    private static final String STREAM_READER_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords",
                 "dynamodb:ListStreams"], "Resource": "%sreadable-*/stream/*"}]}""".formatted(TABLES);
    private static final String TABLE_ONLY_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DescribeTable"],
               "Resource": "%sreadable-*"}]}""".formatted(TABLES);
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .clock(CLOCK)
            .role(IamRole.builder().accountId(LEGACY).name("stream-reader").trustAccount(LEGACY)
                    .inlinePolicy("Streams", STREAM_READER_POLICY).build())
            .role(IamRole.builder().accountId(LEGACY).name("table-only").trustAccount(LEGACY)
                    .inlinePolicy("Tables", TABLE_ONLY_POLICY).build())
            .build());

    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void clients() {
        Sandbox sandbox = SANDBOX.sandbox();
        dynamo = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, LEGACY));
        streams = TestClients.dynamoDbStreams(sandbox, TestClients.root(sandbox, LEGACY));
    }

    private static DynamoDbStreamsClient roleSession(String role) {
        Sandbox sandbox = SANDBOX.sandbox();
        var assumed = TestClients.rootSts(sandbox, LEGACY).assumeRole(b -> b.roleArn("arn:aws:iam::" + LEGACY + ":role/" + role)
                .roleSessionName("test"));
        return TestClients.dynamoDbStreams(sandbox, TestClients.session(assumed));
    }

    /** A table (pk S, sk N) with a stream of {@code view}; returns its stream ARN. */
    private static String tableWithStream(String table, StreamViewType view) {
        return dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(view)))
                .tableDescription().latestStreamArn();
    }

    private static String newTableName() {
        return "readable-" + UUID.randomUUID();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("1"));
    }

    private static Map<String, AttributeValue> item(String pk, String status) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("1"), "status", AttributeValue.fromS(status));
    }

    private static String shardIterator(String streamArn, String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    /** Every record of the stream, shard by shard, parents before children, each shard from TRIM_HORIZON to now. */
    private static List<Record> readAll(String streamArn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = shardIterator(streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null);
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(page.records());
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    private static void assertErrorCode(Runnable call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }

    @Test
    void describeStream_whenTableCreatedWithStream_describesEnabledStreamWithOneOpenShard() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.NEW_AND_OLD_IMAGES);

        StreamDescription d = streams.describeStream(b -> b.streamArn(arn)).streamDescription();

        assertThat(arn).startsWith(TABLES + table + "/stream/");
        assertThat(d.streamArn()).isEqualTo(arn);
        assertThat(d.streamLabel()).isEqualTo(arn.substring(arn.lastIndexOf('/') + 1));
        assertThat(d.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(d.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(d.tableName()).isEqualTo(table);
        assertThat(d.creationRequestDateTime()).isEqualTo(CLOCK.instant());
        assertThat(d.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType()).containsExactly("pk:HASH", "sk:RANGE");
        assertThat(d.shards()).hasSize(1);
        assertThat(d.shards().get(0).parentShardId()).isNull();
        assertThat(d.shards().get(0).sequenceNumberRange().startingSequenceNumber()).hasSizeGreaterThanOrEqualTo(21);
        assertThat(d.shards().get(0).sequenceNumberRange().endingSequenceNumber()).isNull();
        assertThat(d.lastEvaluatedShardId()).isNull();
    }

    @Test
    void listStreams_withTableNameAndLimit_pagesThroughThatTablesStreams() {
        String table = newTableName();
        String first = tableWithStream(table, StreamViewType.KEYS_ONLY);
        dynamo.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
        String second = dynamo.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE))).tableDescription().latestStreamArn();

        var page1 = streams.listStreams(b -> b.tableName(table).limit(1));
        var page2 = streams.listStreams(b -> b.tableName(table).limit(1).exclusiveStartStreamArn(page1.lastEvaluatedStreamArn()));

        assertThat(second).isNotEqualTo(first);
        assertThat(page1.streams()).extracting(s -> s.streamArn()).containsExactly(first);
        assertThat(page1.streams().get(0).tableName()).isEqualTo(table);
        assertThat(page1.lastEvaluatedStreamArn()).isEqualTo(first);
        assertThat(page2.streams()).extracting(s -> s.streamArn()).containsExactly(second);
        assertThat(page2.lastEvaluatedStreamArn()).isNull();
        assertThat(streams.listStreams(b -> b.limit(100)).streams()).extracting(s -> s.streamArn()).contains(first, second);
    }

    @Test
    void getRecords_whenItemInsertedModifiedAndRemoved_returnsThreeRecordsInOrderWithBothImages() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.NEW_AND_OLD_IMAGES);
        dynamo.putItem(b -> b.tableName(table).item(item("o1", "new")));
        dynamo.updateItem(b -> b.tableName(table).key(key("o1")).updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", AttributeValue.fromS("paid"))));
        dynamo.putItem(b -> b.tableName(table).item(item("o1", "paid"))); // changes nothing: no record
        dynamo.deleteItem(b -> b.tableName(table).key(key("o1")));
        dynamo.deleteItem(b -> b.tableName(table).key(key("o1"))); // nothing to delete: no record

        List<Record> records = readAll(arn);

        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        Record insert = records.get(0);
        assertThat(insert.eventVersion()).isEqualTo("1.1");
        assertThat(insert.eventSource()).isEqualTo("aws:dynamodb");
        assertThat(insert.awsRegion()).isEqualTo("us-east-1");
        assertThat(insert.eventID()).isNotBlank();
        assertThat(insert.userIdentity()).isNull();
        assertThat(insert.dynamodb().keys()).isEqualTo(key("o1"));
        assertThat(insert.dynamodb().newImage()).isEqualTo(item("o1", "new"));
        assertThat(insert.dynamodb().hasOldImage()).isFalse();
        assertThat(insert.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(insert.dynamodb().sizeBytes()).isPositive();
        assertThat(insert.dynamodb().approximateCreationDateTime()).isEqualTo(CLOCK.instant());
        assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("o1", "new"));
        assertThat(records.get(1).dynamodb().newImage()).isEqualTo(item("o1", "paid"));
        assertThat(records.get(2).dynamodb().oldImage()).isEqualTo(item("o1", "paid"));
        assertThat(records.get(2).dynamodb().hasNewImage()).isFalse();
        List<BigInteger> sequence = records.stream().map(r -> new BigInteger(r.dynamodb().sequenceNumber())).toList();
        assertThat(sequence).isSorted().doesNotHaveDuplicates();
        assertThat(records.get(0).dynamodb().sequenceNumber()).hasSizeGreaterThanOrEqualTo(21);
    }

    @ParameterizedTest
    @EnumSource(value = StreamViewType.class, names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
    void getRecords_perViewType_carriesOnlyTheImagesTheViewTypeAsksFor(StreamViewType view) {
        String table = newTableName();
        String arn = tableWithStream(table, view);
        dynamo.putItem(b -> b.tableName(table).item(item("o1", "new")));
        dynamo.putItem(b -> b.tableName(table).item(item("o1", "paid")));

        Record modify = readAll(arn).get(1);

        boolean wantsNew = view == StreamViewType.NEW_IMAGE || view == StreamViewType.NEW_AND_OLD_IMAGES;
        boolean wantsOld = view == StreamViewType.OLD_IMAGE || view == StreamViewType.NEW_AND_OLD_IMAGES;
        assertThat(modify.eventName()).isEqualTo(OperationType.MODIFY);
        assertThat(modify.dynamodb().keys()).isEqualTo(key("o1"));
        assertThat(modify.dynamodb().streamViewType()).isEqualTo(view);
        assertThat(modify.dynamodb().hasNewImage()).isEqualTo(wantsNew);
        assertThat(modify.dynamodb().hasOldImage()).isEqualTo(wantsOld);
        if (wantsNew) {
            assertThat(modify.dynamodb().newImage()).isEqualTo(item("o1", "paid"));
        }
        if (wantsOld) {
            assertThat(modify.dynamodb().oldImage()).isEqualTo(item("o1", "new"));
        }
    }

    @Test
    void getShardIterator_eachIteratorType_startsWhereItSays() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.KEYS_ONLY);
        dynamo.putItem(b -> b.tableName(table).item(item("a", "x")));
        dynamo.putItem(b -> b.tableName(table).item(item("b", "x")));
        String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String latest = shardIterator(arn, shardId, ShardIteratorType.LATEST, null);
        dynamo.putItem(b -> b.tableName(table).item(item("c", "x")));
        List<Record> all = streams.getRecords(b -> b.shardIterator(shardIterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null)))
                .records();
        String second = all.get(1).dynamodb().sequenceNumber();

        List<Record> fromLatest = streams.getRecords(b -> b.shardIterator(latest)).records();
        List<Record> at = streams.getRecords(b -> b.shardIterator(shardIterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER,
                second))).records();
        List<Record> after = streams.getRecords(b -> b.shardIterator(shardIterator(arn, shardId,
                ShardIteratorType.AFTER_SEQUENCE_NUMBER, second)).limit(1)).records();

        assertThat(all).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("a", "b", "c");
        assertThat(fromLatest).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("c");
        assertThat(at).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("b", "c");
        assertThat(after).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("c");
    }

    @Test
    void getRecords_withLimit_pagesWithNextShardIteratorWhileTheShardIsOpen() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.KEYS_ONLY);
        for (String pk : List.of("a", "b", "c")) {
            dynamo.putItem(b -> b.tableName(table).item(item(pk, "x")));
        }
        String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();

        GetRecordsResponse first = streams.getRecords(b -> b.shardIterator(shardIterator(arn, shardId, ShardIteratorType.TRIM_HORIZON,
                null)).limit(2));
        GetRecordsResponse second = streams.getRecords(b -> b.shardIterator(first.nextShardIterator()).limit(2));
        GetRecordsResponse third = streams.getRecords(b -> b.shardIterator(second.nextShardIterator()));

        assertThat(first.records()).hasSize(2);
        assertThat(second.records()).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("c");
        assertThat(third.records()).isEmpty();
        assertThat(third.nextShardIterator()).isNotNull(); // an open shard may still get records
    }

    @Test
    void updateTable_whenStreamDisabled_closesItsShardAndReadingEndsWithoutNextIterator() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.NEW_IMAGE);
        dynamo.putItem(b -> b.tableName(table).item(item("a", "x")));
        dynamo.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
        dynamo.putItem(b -> b.tableName(table).item(item("b", "x"))); // not captured: the stream is off

        StreamDescription d = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        String shardId = d.shards().get(0).shardId();
        GetRecordsResponse read = streams.getRecords(b -> b.shardIterator(shardIterator(arn, shardId, ShardIteratorType.TRIM_HORIZON,
                null)));

        assertThat(d.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(d.shards().get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(read.records()).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("a");
        assertThat(read.nextShardIterator()).isNull();
        assertThat(new BigInteger(read.records().get(0).dynamodb().sequenceNumber()))
                .isLessThanOrEqualTo(new BigInteger(d.shards().get(0).sequenceNumberRange().endingSequenceNumber()));
    }

    @Test
    void getRecords_whenShardRolledOver_childNamesParentAndLineageKeepsOrder() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.KEYS_ONLY);
        dynamo.putItem(b -> b.tableName(table).item(item("before", "x")));
        CLOCK.advance(Duration.ofHours(4).plusSeconds(1)); // DynamoDB's shards roll over about every 4 hours
        dynamo.putItem(b -> b.tableName(table).item(item("after", "x")));

        List<Shard> shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
        List<Record> records = readAll(arn);

        assertThat(shards).hasSize(2);
        assertThat(shards.get(1).parentShardId()).isEqualTo(shards.get(0).shardId());
        assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(shards.get(1).sequenceNumberRange().endingSequenceNumber()).isNull();
        assertThat(new BigInteger(shards.get(1).sequenceNumberRange().startingSequenceNumber()))
                .isGreaterThan(new BigInteger(shards.get(0).sequenceNumberRange().endingSequenceNumber()));
        assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("before", "after");
        String parentIterator = shardIterator(arn, shards.get(0).shardId(), ShardIteratorType.TRIM_HORIZON, null);
        assertThat(streams.getRecords(b -> b.shardIterator(parentIterator)).nextShardIterator()).isNull();
    }

    @Test
    void getRecords_whenRecordsPassRetention_trimsThemAndRefusesTheirPositions() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.KEYS_ONLY);
        dynamo.putItem(b -> b.tableName(table).item(item("old", "x")));
        String oldSequence = readAll(arn).get(0).dynamodb().sequenceNumber();
        CLOCK.advance(Duration.ofHours(25));
        dynamo.putItem(b -> b.tableName(table).item(item("new", "x")));

        List<Record> records = readAll(arn);
        String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();

        assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("new");
        assertThatThrownBy(() -> shardIterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, oldSequence))
                .isInstanceOf(TrimmedDataAccessException.class);
    }

    @Test
    void getRecords_whenIteratorOlderThan15Minutes_throwsExpiredIterator() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.KEYS_ONLY);
        String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = shardIterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
        CLOCK.advance(Duration.ofMinutes(14));
        String next = streams.getRecords(b -> b.shardIterator(iterator)).nextShardIterator();
        CLOCK.advance(Duration.ofMinutes(2));

        assertThat(streams.getRecords(b -> b.shardIterator(next)).records()).isEmpty();
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator(iterator))).isInstanceOf(ExpiredIteratorException.class);
    }

    @Test
    void getRecords_whenTtlRemovesItem_recordNamesDynamoDbServiceAsUserIdentity() throws InterruptedException {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.OLD_IMAGE);
        dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("t"), "sk", AttributeValue.fromN("1"),
                "expires", AttributeValue.fromN(Long.toString(CLOCK.instant().getEpochSecond() - 60)))));

        // the sandbox's sweeper runs every second: wait for its REMOVE (the outcome does not depend on when it comes)
        List<Record> records = readAll(arn);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (records.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            records = readAll(arn);
        }

        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.REMOVE);
        assertThat(records.get(0).userIdentity()).isNull();
        assertThat(records.get(1).userIdentity().type()).isEqualTo("Service");
        assertThat(records.get(1).userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(records.get(1).dynamodb().oldImage()).containsKey("expires");
    }

    @Test
    void describeStream_whenStreamUnknown_throwsResourceNotFoundWithTheServicesMessage() {
        String arn = TABLES + "missing/stream/2020-01-01T00:00:00.000";

        assertThatThrownBy(() -> streams.describeStream(b -> b.streamArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Requested resource not found: Stream: " + arn + " not found");
    }

    @Test
    void getShardIterator_whenRequestIsInvalid_throwsTheServicesErrors() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.KEYS_ONLY);
        dynamo.putItem(b -> b.tableName(table).item(item("a", "x")));
        String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();

        assertErrorCode(() -> streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId).shardIteratorType("SOMEWHERE")),
                "ValidationException", "1 validation error detected: Value 'SOMEWHERE' at 'shardIteratorType' failed to satisfy"
                        + " constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER,"
                        + " AFTER_SEQUENCE_NUMBER]");
        assertErrorCode(() -> shardIterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, null), "ValidationException", null);
        assertErrorCode(() -> shardIterator(arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, "9".repeat(30)),
                "ValidationException", null);
        assertErrorCode(() -> shardIterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, "12x"), "ValidationException", null);
        assertErrorCode(() -> shardIterator(arn, "shardId-00000000000000000000-deadbeef", ShardIteratorType.LATEST, null),
                "ResourceNotFoundException", "Requested resource not found: Shard does not exist");
        assertErrorCode(() -> streams.getRecords(b -> b.shardIterator("not-an-iterator")), "ValidationException", "Invalid ShardIterator");
        String iterator = shardIterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
        assertErrorCode(() -> streams.getRecords(b -> b.shardIterator(iterator).limit(1001)), "ValidationException",
                "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or"
                        + " equal to 1000");
    }

    @Test
    void streamApis_whenRoleLacksStreamGrants_areDeniedAndAllowedWithThem() {
        String table = newTableName();
        String arn = tableWithStream(table, StreamViewType.KEYS_ONLY);
        dynamo.putItem(b -> b.tableName(table).item(item("a", "x")));
        String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = shardIterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
        DynamoDbStreamsClient tableOnly = roleSession("table-only");
        DynamoDbStreamsClient reader = roleSession("stream-reader");

        assertErrorCode(() -> tableOnly.describeStream(b -> b.streamArn(arn)), "AccessDeniedException", null);
        assertErrorCode(() -> tableOnly.getShardIterator(b -> b.streamArn(arn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.LATEST)), "AccessDeniedException", null);
        assertErrorCode(() -> tableOnly.getRecords(b -> b.shardIterator(iterator)), "AccessDeniedException", null);
        assertErrorCode(() -> tableOnly.listStreams(b -> b.tableName(table)), "AccessDeniedException", null);
        assertThat(reader.describeStream(b -> b.streamArn(arn)).streamDescription().streamArn()).isEqualTo(arn);
        assertThat(reader.getRecords(b -> b.shardIterator(reader.getShardIterator(g -> g.streamArn(arn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator())).records()).hasSize(1);
        assertThat(reader.listStreams(b -> b.tableName(table)).streams()).hasSize(1);
    }
}
