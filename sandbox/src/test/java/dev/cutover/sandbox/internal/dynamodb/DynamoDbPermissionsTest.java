package dev.cutover.sandbox.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.dynamodb.DynamoDbPermissions.Permission;
import dev.cutover.sandbox.internal.edge.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamoDbPermissionsTest {

    private static final String TABLE = "arn:aws:dynamodb:us-east-1:111111111111:table/";

    private static List<Permission> required(String operation, String json) {
        return DynamoDbPermissions.required(operation, json.getBytes(StandardCharsets.UTF_8), "us-east-1", "111111111111");
    }

    @Test
    void required_getRecords_isTheStreamTheIteratorReads() {
        String stream = TABLE + "orders/stream/2026-01-01T00:00:00.000";

        assertThat(required("GetRecords", "{\"ShardIterator\":\"" + stream + "|1|c2hhcmRJZC0x\",\"Limit\":10}"))
                .containsExactly(new Permission("dynamodb:GetRecords", stream));
        assertThat(required("GetRecords", "{\"ShardIterator\":\"garbage\"}"))
                .containsExactly(new Permission("dynamodb:GetRecords", TABLE + "*/stream/*"));
    }

    @Test
    void required_describeStreamAndListStreams_areTheStreamAndTheTablesStreams() {
        String stream = TABLE + "orders/stream/2026-01-01T00:00:00.000";

        assertThat(required("DescribeStream", "{\"StreamArn\":\"" + stream + "\"}"))
                .containsExactly(new Permission("dynamodb:DescribeStream", stream));
        assertThat(required("ListStreams", "{\"TableName\":\"orders\"}"))
                .containsExactly(new Permission("dynamodb:ListStreams", TABLE + "orders/stream/*"));
        assertThat(required("ListStreams", "{}")).containsExactly(new Permission("dynamodb:ListStreams", TABLE + "*"));
    }

    @Test
    void required_resourcePolicyOperations_areTheirResourceArn() {
        String stream = "arn:aws:dynamodb:us-east-1:222222222222:table/orders/stream/2026-01-01T00:00:00.000";

        assertThat(required("PutResourcePolicy", "{\"ResourceArn\":\"" + stream + "\",\"Policy\":\"{}\"}"))
                .containsExactly(new Permission("dynamodb:PutResourcePolicy", stream));
        assertThat(required("GetResourcePolicy", "{\"ResourceArn\":\"" + TABLE + "orders\"}"))
                .containsExactly(new Permission("dynamodb:GetResourcePolicy", TABLE + "orders"));
        assertThat(required("DeleteResourcePolicy", "{\"ResourceArn\":\"" + TABLE + "orders\"}"))
                .containsExactly(new Permission("dynamodb:DeleteResourcePolicy", TABLE + "orders"));
    }

    @Test
    void required_getItem_isTheTable() {
        assertThat(required("GetItem", "{\"Key\":{\"pk\":{\"S\":\"TableName\"}},\"TableName\":\"orders\"}"))
                .containsExactly(new Permission("dynamodb:GetItem", TABLE + "orders"));
    }

    @Test
    void required_queryWithIndex_isTheIndex() {
        assertThat(required("Query", "{\"TableName\":\"orders\",\"IndexName\":\"byCustomer\",\"KeyConditionExpression\":\"c = :c\"}"))
                .containsExactly(new Permission("dynamodb:Query", TABLE + "orders/index/byCustomer"));
    }

    @Test
    void required_getItemWithIndexName_ignoresTheIndex() {
        assertThat(required("GetItem", "{\"TableName\":\"orders\",\"IndexName\":\"x\"}"))
                .containsExactly(new Permission("dynamodb:GetItem", TABLE + "orders"));
    }

    @Test
    void required_batchWriteItem_isEveryTableOfRequestItems() {
        String body = "{\"RequestItems\":{\"a\":[{\"PutRequest\":{\"Item\":{\"TableName\":{\"S\":\"zzz\"}}}}],"
                + "\"b\":[{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"1\"}}}}]},\"ReturnConsumedCapacity\":\"NONE\"}";
        assertThat(required("BatchWriteItem", body)).containsExactly(
                new Permission("dynamodb:BatchWriteItem", TABLE + "a"),
                new Permission("dynamodb:BatchWriteItem", TABLE + "b"));
    }

    @Test
    void required_transactWriteItems_isEachItemsOwnAction() {
        String body = "{\"TransactItems\":[{\"Put\":{\"Item\":{\"pk\":{\"S\":\"1\"}},\"TableName\":\"a\"}},"
                + "{\"Update\":{\"TableName\":\"b\",\"Key\":{}}},{\"Delete\":{\"TableName\":\"a\"}},"
                + "{\"ConditionCheck\":{\"TableName\":\"c\",\"ConditionExpression\":\"x\"}}]}";
        assertThat(required("TransactWriteItems", body)).containsExactly(
                new Permission("dynamodb:PutItem", TABLE + "a"),
                new Permission("dynamodb:UpdateItem", TABLE + "b"),
                new Permission("dynamodb:DeleteItem", TABLE + "a"),
                new Permission("dynamodb:ConditionCheckItem", TABLE + "c"));
    }

    @Test
    void required_transactGetItems_isGetItemPerTable() {
        assertThat(required("TransactGetItems", "{\"TransactItems\":[{\"Get\":{\"TableName\":\"a\",\"Key\":{}}}]}"))
                .containsExactly(new Permission("dynamodb:GetItem", TABLE + "a"));
    }

    @Test
    void required_listTables_isEveryTableOfTheAccount() {
        assertThat(required("ListTables", "{}")).containsExactly(new Permission("dynamodb:ListTables", TABLE + "*"));
    }

    @Test
    void required_tableNamedByArn_isThatArn() {
        String arn = "arn:aws:dynamodb:us-east-1:222222222222:table/other";
        assertThat(required("DescribeTable", "{\"TableName\":\"" + arn + "\"}"))
                .containsExactly(new Permission("dynamodb:DescribeTable", arn));
    }

    @Test
    void required_tagResource_isTheResourceArn() {
        assertThat(required("TagResource", "{\"ResourceArn\":\"" + TABLE + "t\",\"Tags\":[]}"))
                .containsExactly(new Permission("dynamodb:TagResource", TABLE + "t"));
    }

    @Test
    void required_withoutTableName_namesTheMissingField() {
        assertThatThrownBy(() -> required("PutItem", "{\"Item\":{}}"))
                .isInstanceOf(AwsException.class)
                .hasMessageContaining("PutItem needs TableName");
    }

    @Test
    void required_invalidJson_isSerializationException() {
        assertThatThrownBy(() -> required("PutItem", "{\"TableName\":"))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("SerializationException"));
    }
}
