package dev.cutover.sandbox.internal.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsCallTest {

    private static EdgeRequest request(String path, Map<String, String> headers, String body) {
        return new EdgeRequest("POST", path, Map.of(), headers, body.getBytes(StandardCharsets.UTF_8),
                Caller.root("111111111111"), "us-east-1", "sqs", Protocol.JSON_1_0, (c, p, a, r, x) -> { });
    }

    @Test
    void parse_jsonProtocol_readsTargetAndQueueUrl() {
        SqsCall call = SqsCall.parse(request("/", Map.of("X-Amz-Target", "AmazonSQS.SendMessage",
                "Content-Type", "application/x-amz-json-1.0"),
                "{\"MessageBody\":\"{\\\"QueueUrl\\\":1}\",\"QueueUrl\":\"http://127.0.0.1:4566/222222222222/jobs\"}"));
        assertThat(call.operation()).isEqualTo("SendMessage");
        assertThat(call.protocol()).isEqualTo(Protocol.JSON_1_0);
        assertThat(call.queueUrl()).contains("http://127.0.0.1:4566/222222222222/jobs");
    }

    @Test
    void parse_queryProtocol_readsFormBody() {
        SqsCall call = SqsCall.parse(request("/", Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                "Action=CreateQueue&QueueName=jobs.fifo&Attribute.1.Name=FifoQueue&Attribute.1.Value=true"));
        assertThat(call.operation()).isEqualTo("CreateQueue");
        assertThat(call.protocol()).isEqualTo(Protocol.QUERY);
        assertThat(call.queueName()).contains("jobs.fifo");
        assertThat(call.queueUrl()).isEmpty();
    }

    @Test
    void parse_queryProtocolSentToQueuePath_usesThePathAsQueueUrl() {
        SqsCall call = SqsCall.parse(request("/111111111111/jobs", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "Action=ReceiveMessage"));
        assertThat(call.queueUrl()).contains("/111111111111/jobs");
    }

    @Test
    void parse_queryWithoutAction_explainsBothProtocols() {
        assertThatThrownBy(() -> SqsCall.parse(request("/", Map.of("Content-Type", "application/x-www-form-urlencoded"), "A=1")))
                .isInstanceOf(AwsException.class)
                .hasMessageContaining("Action").hasMessageContaining("X-Amz-Target");
    }

    @Test
    void accountAndQueue_fullUrlAndPath() {
        assertThat(SqsCall.accountAndQueue("http://127.0.0.1:4566/111111111111/jobs.fifo"))
                .containsExactly("111111111111", "jobs.fifo");
        assertThat(SqsCall.accountAndQueue("/222222222222/q")).containsExactly("222222222222", "q");
    }

    @Test
    void accountAndQueue_notAQueueUrl_isInvalidAddress() {
        assertThatThrownBy(() -> SqsCall.accountAndQueue("http://127.0.0.1:4566/jobs"))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidAddress"))
                .hasMessageContaining("http://127.0.0.1:4566/jobs");
    }

    @Test
    void iamAction_batch_isTheSingleMessageAction() {
        assertThat(SqsService.iamAction("SendMessageBatch")).isEqualTo("SendMessage");
        assertThat(SqsService.iamAction("DeleteMessageBatch")).isEqualTo("DeleteMessage");
        assertThat(List.of(SqsService.iamAction("ReceiveMessage"))).containsExactly("ReceiveMessage");
    }
}
