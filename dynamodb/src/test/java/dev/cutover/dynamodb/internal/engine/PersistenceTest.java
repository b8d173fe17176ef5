package dev.cutover.dynamodb.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.dynamodb.internal.streams.StreamSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory: what a restart restores, and what it does with a damaged log. */
class PersistenceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACCOUNT = "111111111111";
    private static final String OTHER = "222222222222";
    private static final String REGION = "us-east-1";

    @TempDir
    Path dir;

    @Test
    void restart_afterEveryKindOfChange_restoresTablesSettingsAndItemsTwice() throws IOException {
        JsonNode before;
        try (Opened first = open()) {
            first.ok(ACCOUNT, "CreateTable", """
                    {"TableName": "orders", "BillingMode": "PROVISIONED",
                     "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3},
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                       {"AttributeName": "l", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     "LocalSecondaryIndexes": [{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
                     "GlobalSecondaryIndexes": [{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                       "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["v"]},
                       "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1}}],
                     "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                     "SSESpecification": {"Enabled": true, "SSEType": "KMS", "KMSMasterKeyId": "alias/orders"},
                     "DeletionProtectionEnabled": true, "Tags": [{"Key": "team", "Value": "shop"}]}""");
            first.ok(ACCOUNT, "UpdateTimeToLive", """
                    {"TableName": "orders", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}}""");
            first.ok(ACCOUNT, "TagResource", """
                    {"ResourceArn": "arn:aws:dynamodb:us-east-1:111111111111:table/orders", "Tags": [{"Key": "env", "Value": "dev"}]}""");
            first.ok(ACCOUNT, "PutResourcePolicy", """
                    {"ResourceArn": "arn:aws:dynamodb:us-east-1:111111111111:table/orders", "Policy": "{\\"Version\\": \\"2012-10-17\\", \
                     \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"arn:aws:iam::222222222222:root\\"}, \
                     \\"Action\\": \\"dynamodb:GetItem\\", \
                     \\"Resource\\": \\"arn:aws:dynamodb:us-east-1:111111111111:table/orders\\"}]}"}""");
            first.ok(OTHER, "CreateTable", """
                    {"TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "B"}],
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}""");
            first.ok(OTHER, "CreateTable", """
                    {"TableName": "gone", "BillingMode": "PAY_PER_REQUEST",
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}""");
            first.ok(OTHER, "PutItem", """
                    {"TableName": "gone", "Item": {"id": {"S": "x"}}}""");
            first.ok(OTHER, "DeleteTable", """
                    {"TableName": "gone"}""");
            for (int i = 0; i < 40; i++) {
                first.ok(ACCOUNT, "PutItem", """
                        {"TableName": "orders", "Item": {"pk": {"S": "p%d"}, "sk": {"N": "%d"}, "l": {"S": "l%d"}, "g": {"S": "g%d"},
                         "v": {"N": "19.90"}, "m": {"M": {"nested": {"L": [{"SS": ["a", "b"]}, {"NULL": true}, {"B": "AQI="}]}}},
                         "text": {"S": "line one\\nline \\"two\\""}}}""".formatted(i % 4, i, i, i % 3));
            }
            first.ok(ACCOUNT, "UpdateItem", """
                    {"TableName": "orders", "Key": {"pk": {"S": "p0"}, "sk": {"N": "0"}}, "UpdateExpression": "SET v = v + :d REMOVE m",
                     "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeValues": {":d": {"N": "1"}}}""");
            first.ok(ACCOUNT, "DeleteItem", """
                    {"TableName": "orders", "Key": {"pk": {"S": "p1"}, "sk": {"N": "1"}}}""");
            first.ok(ACCOUNT, "BatchWriteItem", """
                    {"RequestItems": {"orders": [{"DeleteRequest": {"Key": {"pk": {"S": "p2"}, "sk": {"N": "2"}}}},
                      {"PutRequest": {"Item": {"pk": {"S": "batch"}, "sk": {"N": "1"}, "g": {"S": "g9"}}}}]}}""");
            first.ok(ACCOUNT, "TransactWriteItems", """
                    {"TransactItems": [{"Put": {"TableName": "orders", "Item": {"pk": {"S": "tx"}, "sk": {"N": "1"}}}},
                      {"Update": {"TableName": "orders", "Key": {"pk": {"S": "p3"}, "sk": {"N": "3"}}, "UpdateExpression": "SET v = :z",
                       "ExpressionAttributeValues": {":z": {"N": "0"}}}}]}""");
            first.ok(OTHER, "PutItem", """
                    {"TableName": "orders", "Item": {"id": {"B": "AAEC"}, "big": {"N": "12345678901234567890123456789012345678"}}}""");
            first.ok(ACCOUNT, "UpdateTable", """
                    {"TableName": "orders", "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "byV",
                      "KeySchema": [{"AttributeName": "v", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"},
                      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}],
                     "AttributeDefinitions": [{"AttributeName": "v", "AttributeType": "N"}]}""");
            before = first.state();
        }
        assertThat(before.toString()).contains("19.9", "tx", "byV", "alias/orders");

        try (Opened second = open()) {
            assertThat(second.persistence.warnings()).isEmpty();
            assertSameState(second.state(), before);
            second.ok(ACCOUNT, "PutItem", """
                    {"TableName": "orders", "Item": {"pk": {"S": "after-restart"}, "sk": {"N": "1"}}}""");
            before = second.state();
        }
        try (Opened third = open()) {
            assertSameState(third.state(), before);
            assertThat(logFiles()).as("one generation kept").hasSize(2);
        }
    }

    @Test
    void restart_withHalfWrittenLastRecord_ignoresOnlyThatRecordAndSaysSo() throws IOException {
        try (Opened first = open()) {
            first.ok(ACCOUNT, "CreateTable", """
                    {"TableName": "tab", "BillingMode": "PAY_PER_REQUEST",
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}""");
            first.ok(ACCOUNT, "PutItem", """
                    {"TableName": "tab", "Item": {"id": {"S": "kept"}}}""");
        }
        Path journal = journal();
        Files.writeString(journal, "{\"put\":\"tab\",\"a\":\"111111111111\",\"r\":\"us-east-1\",\"item\":{\"id\":{\"S\":\"to",
                StandardOpenOption.APPEND);

        try (Opened second = open()) {
            assertThat(second.persistence.warnings()).singleElement().asString().contains("half-written last record ignored");
            assertThat(second.ok(ACCOUNT, "Scan", "{\"TableName\": \"tab\"}").path("Count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void restart_withDamagedRecordBeforeTheEnd_refusesToStartAndNamesTheLine() throws IOException {
        try (Opened first = open()) {
            first.ok(ACCOUNT, "CreateTable", """
                    {"TableName": "tab", "BillingMode": "PAY_PER_REQUEST",
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}""");
            first.ok(ACCOUNT, "PutItem", """
                    {"TableName": "tab", "Item": {"id": {"S": "a"}}}""");
            first.ok(ACCOUNT, "PutItem", """
                    {"TableName": "tab", "Item": {"id": {"S": "b"}}}""");
        }
        Path journal = journal();
        List<String> lines = Files.readAllLines(journal);
        lines.set(1, "garbage");
        Files.write(journal, lines);

        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageContaining(journal.getFileName() + " line 2").hasMessageContaining("restore it from a copy");
    }

    @Test
    void open_whileAnotherEngineHoldsTheDirectory_isRefused() throws IOException {
        try (Opened first = open()) {
            assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("in use by another sandbox");
        }
    }

    /** Field by field, so that a failure names the table and the part that differs. */
    private static void assertSameState(JsonNode actual, JsonNode expected) {
        assertThat(actual.fieldNames()).toIterable().containsExactlyElementsOf(() -> expected.fieldNames());
        expected.fields().forEachRemaining(table -> table.getValue().fields().forEachRemaining(part -> {
            JsonNode got = actual.path(table.getKey()).path(part.getKey());
            if (part.getValue().isObject()) {
                part.getValue().fields().forEachRemaining(field -> assertThat(got.path(field.getKey()))
                        .as(table.getKey() + " " + part.getKey() + "." + field.getKey()).isEqualTo(field.getValue()));
            }
            assertThat(got).as(table.getKey() + " " + part.getKey()).isEqualTo(part.getValue());
        }));
    }

    private Path journal() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("journal-")).findFirst().orElseThrow();
        }
    }

    private List<String> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("LOCK")).sorted().toList();
        }
    }

    private Opened open() throws IOException {
        Engine engine = new Engine(Clock.systemUTC(), new StreamSettings(Duration.ofHours(24), 0, Duration.ZERO,
                StreamSettings.ITERATOR_LIFETIME));
        return new Opened(engine, engine.persistTo(dir));
    }

    private record Opened(Engine engine, Persistence persistence) implements AutoCloseable {

        JsonNode ok(String account, String operation, String body) {
            Engine.Answer answer = engine.handle(account, REGION, operation, body.getBytes(StandardCharsets.UTF_8));
            String text = new String(answer.body(), StandardCharsets.UTF_8);
            assertThat(answer.status()).as(operation + ": " + text).isEqualTo(200);
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        private static JsonNode parse(byte[] body) {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** Every table of both accounts as a restart must reproduce it: description (minus ids and times), settings, items. */
        JsonNode state() {
            ObjectNode all = MAPPER.createObjectNode();
            for (String account : List.of(ACCOUNT, OTHER)) {
                for (JsonNode name : ok(account, "ListTables", "{}").path("TableNames")) {
                    String table = name.asText();
                    ObjectNode t = all.putObject(account + "/" + table);
                    ObjectNode d = (ObjectNode) ok(account, "DescribeTable", "{\"TableName\": \"" + table + "\"}").path("Table");
                    for (String volatileField : List.of("TableId", "CreationDateTime", "LatestStreamArn", "LatestStreamLabel",
                            "TableStatus", "BillingModeSummary")) {
                        d.remove(volatileField);
                    }
                    t.set("describe", d);
                    String arn = "arn:aws:dynamodb:us-east-1:" + account + ":table/" + table;
                    t.set("tags", ok(account, "ListTagsOfResource", "{\"ResourceArn\": \"" + arn + "\"}"));
                    t.set("ttl", ok(account, "DescribeTimeToLive", "{\"TableName\": \"" + table + "\"}"));
                    Engine.Answer policy = engine.handle(account, REGION, "GetResourcePolicy",
                            ("{\"ResourceArn\": \"" + arn + "\"}").getBytes(StandardCharsets.UTF_8));
                    // the policy itself; its RevisionId is a new one after a restart
                    t.set("policy", policy.status() == 200 ? parse(policy.body()).path("Policy") : MAPPER.nullNode());
                    t.set("items", ok(account, "Scan", "{\"TableName\": \"" + table + "\"}").path("Items"));
                    for (JsonNode index : d.path("GlobalSecondaryIndexes")) {
                        t.set("index " + index.path("IndexName").asText(), ok(account, "Scan", "{\"TableName\": \"" + table
                                + "\", \"IndexName\": \"" + index.path("IndexName").asText() + "\"}").path("Items"));
                    }
                }
            }
            return all;
        }

        @Override
        public void close() throws IOException {
            persistence.close();
        }
    }
}
