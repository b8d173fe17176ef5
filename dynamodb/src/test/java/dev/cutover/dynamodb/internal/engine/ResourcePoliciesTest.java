package dev.cutover.dynamodb.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.internal.streams.StreamSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourcePoliciesTest {

    private static final String LEGACY = "111111111111";
    private static final String REGION = "us-east-1";
    private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:111111111111:table/orders";
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::222222222222:role/replicator"},
              "Action": "dynamodb:GetItem", "Resource": "%s"}]}""".formatted(TABLE_ARN);

    private Engine engine;
    private String streamArn;

    @BeforeEach
    void table() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        engine = new Engine(clock, new StreamSettings(Duration.ofHours(24), 0, Duration.ZERO, StreamSettings.ITERATOR_LIFETIME));
        JsonNode created = ok(LEGACY, "CreateTable", """
                {"TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                 "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"}}""");
        streamArn = created.path("TableDescription").path("LatestStreamArn").asText();
    }

    private Engine.Answer call(String account, String operation, String body) {
        return engine.handle(account, REGION, operation, body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode ok(String account, String operation, String body) {
        Engine.Answer answer = call(account, operation, body);
        assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return parse(answer);
    }

    private static JsonNode parse(Engine.Answer answer) {
        return Json.parse(answer.body());
    }

    private static String put(String arn, String policy, String extra) {
        return "{\"ResourceArn\": \"" + arn + "\", \"Policy\": " + quote(policy) + extra + "}";
    }

    private static String quote(String text) {
        return Json.MAPPER.getNodeFactory().textNode(text).toString();
    }

    private static String errorType(Engine.Answer answer) {
        String type = parse(answer).path("__type").asText();
        return type.substring(type.indexOf('#') + 1);
    }

    @Test
    void putResourcePolicy_onTable_isReturnedByGetWithTheSameRevision() {
        String revision = ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, "")).path("RevisionId").asText();

        JsonNode got = ok(LEGACY, "GetResourcePolicy", "{\"ResourceArn\": \"" + TABLE_ARN + "\"}");

        assertThat(revision).isNotEmpty();
        assertThat(got.path("Policy").asText()).isEqualTo(POLICY);
        assertThat(got.path("RevisionId").asText()).isEqualTo(revision);
        assertThat(engine.resourcePolicy(TABLE_ARN + "/index/byStatus")).contains(POLICY);
        assertThat(engine.resourcePolicy(streamArn)).isEmpty();
    }

    @Test
    void putResourcePolicy_sameDocumentTwice_keepsTheRevision() {
        String first = ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, "")).path("RevisionId").asText();
        String second = ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, "")).path("RevisionId").asText();
        String changed = ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY.replace("GetItem", "Query"), ""))
                .path("RevisionId").asText();

        assertThat(second).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void putResourcePolicy_onStream_isSeparateFromTheTablesPolicy() {
        ok(LEGACY, "PutResourcePolicy", put(streamArn, POLICY.replace(TABLE_ARN, streamArn), ""));

        assertThat(engine.resourcePolicy(streamArn)).hasValueSatisfying(p -> assertThat(p).contains("/stream/"));
        assertThat(engine.resourcePolicy(TABLE_ARN)).isEmpty();
        assertThat(engine.hasResourcePolicies()).isTrue();
    }

    @Test
    void putResourcePolicy_fromAnotherAccountByArn_reachesTheOwnersTable() {
        ok("222222222222", "PutResourcePolicy", put(TABLE_ARN, POLICY, ""));

        assertThat(engine.resourcePolicy(TABLE_ARN)).contains(POLICY);
    }

    @Test
    void putResourcePolicy_expectedRevisionMismatch_isPolicyNotFound() {
        String revision = ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, "")).path("RevisionId").asText();

        Engine.Answer stale = call(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY.replace("GetItem", "Query"),
                ", \"ExpectedRevisionId\": \"1\""));
        Engine.Answer noPolicy = call(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, ", \"ExpectedRevisionId\": \"NO_POLICY\""));
        JsonNode matching = ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY.replace("GetItem", "Query"),
                ", \"ExpectedRevisionId\": \"" + revision + "\""));

        assertThat(errorType(stale)).isEqualTo("PolicyNotFoundException");
        assertThat(errorType(noPolicy)).isEqualTo("PolicyNotFoundException");
        assertThat(matching.path("RevisionId").asText()).isNotEqualTo(revision);
    }

    @Test
    void putResourcePolicy_noPolicyExpectedAndNoneAttached_attaches() {
        ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, ", \"ExpectedRevisionId\": \"NO_POLICY\""));

        assertThat(engine.resourcePolicy(TABLE_ARN)).contains(POLICY);
    }

    @Test
    void putResourcePolicy_invalidDocuments_areValidationErrorsNamingTheProblem() {
        assertThat(parse(call(LEGACY, "PutResourcePolicy", put(TABLE_ARN, "{not json", ""))).path("message").asText())
                .startsWith("Invalid policy document: it is not valid JSON");
        assertThat(parse(call(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY.replace("\"Version\": \"2012-10-17\",", ""), "")))
                .path("message").asText()).contains("Version must be");
        assertThat(parse(call(LEGACY, "PutResourcePolicy", put(TABLE_ARN, "{\"Version\": \"2012-10-17\"}", "")))
                .path("message").asText()).contains("Statement must be");
        Engine.Answer noPrincipal = call(LEGACY, "PutResourcePolicy",
                put(TABLE_ARN, POLICY.replace("\"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:role/replicator\"},", ""), ""));
        assertThat(errorType(noPrincipal)).isEqualTo("ValidationException");
        assertThat(parse(noPrincipal).path("message").asText()).contains("Statement[0] has no Principal");
        assertThat(engine.resourcePolicy(TABLE_ARN)).isEmpty();
    }

    @Test
    void resourcePolicyOperations_unknownTableOrStream_areResourceNotFound() {
        String missingTable = TABLE_ARN.replace("orders", "missing");

        assertThat(errorType(call(LEGACY, "PutResourcePolicy", put(missingTable, POLICY, "")))).isEqualTo("ResourceNotFoundException");
        assertThat(errorType(call(LEGACY, "GetResourcePolicy", "{\"ResourceArn\": \"" + streamArn + "0\"}")))
                .isEqualTo("ResourceNotFoundException");
        assertThat(errorType(call(LEGACY, "DeleteResourcePolicy", "{\"ResourceArn\": \"" + missingTable + "\"}")))
                .isEqualTo("ResourceNotFoundException");
        assertThat(errorType(call(LEGACY, "GetResourcePolicy", "{\"ResourceArn\": \"" + TABLE_ARN + "/index/i\"}")))
                .isEqualTo("ValidationException");
        assertThat(errorType(call(LEGACY, "GetResourcePolicy", "{}"))).isEqualTo("ValidationException");
    }

    @Test
    void getResourcePolicy_noneAttached_isPolicyNotFound() {
        Engine.Answer answer = call(LEGACY, "GetResourcePolicy", "{\"ResourceArn\": \"" + TABLE_ARN + "\"}");

        assertThat(errorType(answer)).isEqualTo("PolicyNotFoundException");
        assertThat(parse(answer).path("message").asText()).contains(TABLE_ARN);
    }

    @Test
    void deleteResourcePolicy_removesAndIsIdempotentWithoutExpectedRevision() {
        String revision = ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, "")).path("RevisionId").asText();

        Engine.Answer wrongRevision = call(LEGACY, "DeleteResourcePolicy",
                "{\"ResourceArn\": \"" + TABLE_ARN + "\", \"ExpectedRevisionId\": \"1\"}");
        JsonNode deleted = ok(LEGACY, "DeleteResourcePolicy", "{\"ResourceArn\": \"" + TABLE_ARN + "\", \"ExpectedRevisionId\": \""
                + revision + "\"}");
        JsonNode again = ok(LEGACY, "DeleteResourcePolicy", "{\"ResourceArn\": \"" + TABLE_ARN + "\"}");
        Engine.Answer againExpecting = call(LEGACY, "DeleteResourcePolicy",
                "{\"ResourceArn\": \"" + TABLE_ARN + "\", \"ExpectedRevisionId\": \"" + revision + "\"}");

        assertThat(errorType(wrongRevision)).isEqualTo("PolicyNotFoundException");
        assertThat(deleted.path("RevisionId").asText()).isEqualTo(revision);
        assertThat(again.has("RevisionId")).isFalse();
        assertThat(errorType(againExpecting)).isEqualTo("PolicyNotFoundException");
        assertThat(engine.resourcePolicy(TABLE_ARN)).isEmpty();
    }

    @Test
    void deleteTable_withPolicies_dropsTheTablesAndItsStreamsPolicies() {
        ok(LEGACY, "PutResourcePolicy", put(TABLE_ARN, POLICY, ""));
        ok(LEGACY, "PutResourcePolicy", put(streamArn, POLICY.replace(TABLE_ARN, streamArn), ""));

        ok(LEGACY, "DeleteTable", "{\"TableName\": \"orders\"}");

        assertThat(engine.resourcePolicy(TABLE_ARN)).isEmpty();
        assertThat(engine.resourcePolicy(streamArn)).isEmpty();
        assertThat(engine.hasResourcePolicies()).isFalse();
    }
}
