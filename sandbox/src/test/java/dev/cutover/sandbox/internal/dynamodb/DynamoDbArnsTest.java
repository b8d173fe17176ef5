package dev.cutover.sandbox.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DynamoDbArnsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void toAccount_localArn_carriesAccountAndRegion() {
        byte[] body = utf8("{\"TableArn\":\"arn:aws:dynamodb:ddblocal:000000000000:table/items\",\"LatestStreamArn\":"
                + "\"arn:aws:dynamodb:ddblocal:000000000000:table/items/stream/2024\"}");
        assertThat(new String(DynamoDbArns.toAccount(body, "eu-west-1", "222222222222"), StandardCharsets.UTF_8))
                .isEqualTo("{\"TableArn\":\"arn:aws:dynamodb:eu-west-1:222222222222:table/items\",\"LatestStreamArn\":"
                        + "\"arn:aws:dynamodb:eu-west-1:222222222222:table/items/stream/2024\"}");
    }

    @Test
    void toAccount_noArn_returnsTheSameArray() {
        byte[] body = utf8("{\"TableNames\":[\"a\"]}");
        assertThat(DynamoDbArns.toAccount(body, "us-east-1", "111111111111")).isSameAs(body);
    }

    @Test
    void toLocal_ownArn_becomesLocal_otherAccountUntouched() {
        byte[] body = utf8("{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:111111111111:table/t\","
                + "\"Other\":\"arn:aws:dynamodb:us-east-1:222222222222:table/t\"}");
        assertThat(new String(DynamoDbArns.toLocal(body, "us-east-1", "111111111111"), StandardCharsets.UTF_8))
                .isEqualTo("{\"ResourceArn\":\"arn:aws:dynamodb:ddblocal:000000000000:table/t\","
                        + "\"Other\":\"arn:aws:dynamodb:us-east-1:222222222222:table/t\"}");
    }

    @Test
    void indexOf_findsNeedleAtEndAndMissesPartialMatch() {
        assertThat(DynamoDbArns.indexOf(utf8("xxarn:"), utf8("arn:"))).isEqualTo(2);
        assertThat(DynamoDbArns.indexOf(utf8("xxarn"), utf8("arn:"))).isEqualTo(-1);
    }

    @Test
    void accountOf_readsTheFifthField() {
        assertThat(DynamoDbService.accountOf("arn:aws:dynamodb:us-east-1:111111111111:table/x")).isEqualTo("111111111111");
        assertThat(DynamoDbService.accountOf("not-an-arn")).isEmpty();
    }
}
