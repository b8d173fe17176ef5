package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * SQS through the edge with the real SDK client (JSON protocol) and signed query-protocol requests:
 * standard and FIFO queues, account isolation, IAM through an assumed role.
 */
class SqsTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final String SENDER_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111111111111:outbox-*"}]}""";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .role(IamRole.builder().accountId(LEGACY).name("sender").trustAccount(LEGACY).inlinePolicy("Send", SENDER_POLICY).build())
            .build());

    private static SqsClient legacy;
    private static SqsClient fresh;

    @BeforeAll
    static void clients() {
        Sandbox sandbox = SANDBOX.sandbox();
        legacy = sqs(sandbox, TestClients.root(sandbox, LEGACY));
        fresh = sqs(sandbox, TestClients.root(sandbox, NEW));
    }

    static SqsClient sqs(Sandbox sandbox, AwsCredentialsProvider credentials) {
        return SqsClient.builder()
                .endpointOverride(sandbox.endpoint())
                .region(Region.of(sandbox.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static SqsClient senderSession(Sandbox sandbox) {
        var assumed = TestClients.rootSts(sandbox, LEGACY).assumeRole(b -> b.roleArn("arn:aws:iam::" + LEGACY + ":role/sender")
                .roleSessionName("test"));
        return sqs(sandbox, TestClients.session(assumed));
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

        assertThat(url).isEqualTo("http://127.0.0.1:" + SANDBOX.sandbox().port() + "/" + NEW + "/" + name);
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

    @Test
    void assumedRole_sendAllowed_receiveAndOtherQueuesDenied(Sandbox sandbox) {
        String outbox = legacy.createQueue(b -> b.queueName("outbox-" + UUID.randomUUID())).queueUrl();
        String inbox = legacy.createQueue(b -> b.queueName("inbox-" + UUID.randomUUID())).queueUrl();
        SqsClient sender = senderSession(sandbox);

        sender.sendMessage(b -> b.queueUrl(outbox).messageBody("from the role"));
        assertThat(legacy.receiveMessage(b -> b.queueUrl(outbox).waitTimeSeconds(1)).messages())
                .singleElement().extracting(Message::body).isEqualTo("from the role");
        assertThatThrownBy(() -> sender.receiveMessage(b -> b.queueUrl(outbox)))
                .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.getMessage()).contains("sqs:ReceiveMessage"));
        assertThatThrownBy(() -> sender.sendMessage(b -> b.queueUrl(inbox).messageBody("x")))
                .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.getMessage()).contains("sqs:SendMessage", "inbox-"));
    }

    @Test
    void queryProtocol_createAndSend_reachTheSameQueuesAsJson(Sandbox sandbox) throws Exception {
        String name = "query-" + UUID.randomUUID();
        QueryRequests query = new QueryRequests(sandbox);

        QueryRequests.Answer created = query.send(LEGACY, "/", "Action=CreateQueue&QueueName=" + name + "&Version=2012-11-05");
        assertThat(created.status()).isEqualTo(200);
        String url = "http://127.0.0.1:" + sandbox.port() + "/" + LEGACY + "/" + name;
        assertThat(created.body()).contains("<QueueUrl>" + url + "</QueueUrl>");

        QueryRequests.Answer sent = query.send(LEGACY, "/" + LEGACY + "/" + name,
                "Action=SendMessage&MessageBody=via%20query&Version=2012-11-05");
        assertThat(sent.status()).isEqualTo(200);
        assertThat(legacy.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages())
                .singleElement().extracting(Message::body).isEqualTo("via query");

        QueryRequests.Answer denied = query.send(NEW, "/", "Action=SendMessage&QueueUrl=" + url + "&MessageBody=x&Version=2012-11-05");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("<Code>AccessDenied</Code>");
    }
}
