package dev.cutover.sandbox.internal.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.testedge.PassThroughEdge;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SQS through the edge with the real SDK client (JSON protocol): standard and FIFO queues, account isolation. */
class SqsThroughEdgeTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";

    private static PassThroughEdge edge;
    private static SqsClient legacy;
    private static SqsClient fresh;

    @BeforeAll
    static void start() throws Exception {
        edge = new PassThroughEdge(new SqsServiceFactory());
        legacy = edge.sqs(LEGACY);
        fresh = edge.sqs(NEW);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void standardQueue_sendReceiveDelete_roundTrips() {
        String url = legacy.createQueue(b -> b.queueName("jobs-" + UUID.randomUUID())).queueUrl();
        legacy.sendMessage(b -> b.queueUrl(url).messageBody("hello").messageAttributes(Map.of("kind",
                software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder().dataType("String").stringValue("greeting")
                        .build())));

        List<Message> received = legacy.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1).messageAttributeNames("All")).messages();
        assertThat(received).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("hello");
            assertThat(m.messageAttributes().get("kind").stringValue()).isEqualTo("greeting");
        });
        legacy.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));

        assertThat(legacy.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
    }

    @Test
    void fifoQueue_contentBasedDedupAndGroupOrder_hold() {
        String url = legacy.createQueue(b -> b.queueName("orders-" + UUID.randomUUID() + ".fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();

        legacy.sendMessage(b -> b.queueUrl(url).messageGroupId("g1").messageBody("first"));
        legacy.sendMessage(b -> b.queueUrl(url).messageGroupId("g1").messageBody("first"));
        legacy.sendMessage(b -> b.queueUrl(url).messageGroupId("g1").messageBody("second"));
        legacy.sendMessage(b -> b.queueUrl(url).messageGroupId("g1").messageBody("other body").messageDeduplicationId("d-1"));
        legacy.sendMessage(b -> b.queueUrl(url).messageGroupId("g1").messageBody("other body again").messageDeduplicationId("d-1"));

        List<String> bodies = legacy.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNamesWithStrings("MessageGroupId")).messages().stream().map(Message::body).toList();
        assertThat(bodies).containsExactly("first", "second", "other body");
    }

    @Test
    void queueUrlAndArn_carryTheOwningAccount() {
        String name = "acct-" + UUID.randomUUID();
        String url = fresh.createQueue(b -> b.queueName(name)).queueUrl();

        assertThat(url).isEqualTo(edge.endpoint() + "/" + NEW + "/" + name);
        assertThat(fresh.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN)).isEqualTo("arn:aws:sqs:us-east-1:" + NEW + ":" + name);
        assertThat(fresh.getQueueUrl(b -> b.queueName(name)).queueUrl()).isEqualTo(url);
    }

    @Test
    void accounts_doNotSeeEachOthersQueues() {
        String name = "private-" + UUID.randomUUID();
        String url = legacy.createQueue(b -> b.queueName(name)).queueUrl();

        assertThat(fresh.listQueues(b -> b.queueNamePrefix("private-")).queueUrls()).doesNotContain(url);
        assertThatThrownBy(() -> fresh.getQueueUrl(b -> b.queueName(name))).isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> fresh.sendMessage(b -> b.queueUrl(url).messageBody("x")))
                .isInstanceOfSatisfying(SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }
}
