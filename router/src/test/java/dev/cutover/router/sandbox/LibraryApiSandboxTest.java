package dev.cutover.router.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.CutoverRouting;
import dev.cutover.router.RoutingDecision;
import dev.cutover.sandbox.SandboxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The library API for teams with their own handler code: no route table, just "the client for this
 * operation now" plus the shadow and dual-write helpers, against the sandbox with the least-privilege
 * legacy role (no GetQueueUrl: queue URLs come from {@code clients().queueUrl}).
 */
class LibraryApiSandboxTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static RouterWorld world;
    private static CutoverRouting routing;
    private static final ConcurrentLinkedQueue<String> LOGS = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void setUp() {
        world = RouterWorld.provision(SANDBOX.sandbox(),
                RouterWorld.config(SANDBOX.sandbox(), Duration.ofMinutes(5), Duration.ofMinutes(1)));
        AwsClientFactory factory = AwsClientFactory.builder().endpoint(SANDBOX.sandbox().endpoint())
                .newAccountCredentials(world.root(Side.NEW)).apiCallTimeout(world.config().router().backendTimeout())
                .build(world.config());
        routing = CutoverRouting.builder(world.config(), factory).logSink(LOGS::add).build();
    }

    @AfterAll
    static void tearDown() {
        routing.close();
        world.close();
    }

    private static void deployAndAwait(RoutingFlags flags, Predicate<RoutingFlags> live) {
        world.deployFlags(flags);
        Instant deadline = Instant.now().plusSeconds(10);
        while (!live.test(routing.flags()) && Instant.now().isBefore(deadline)) {
            RouterWorld.sleep(Duration.ofMillis(100));
            routing.sideFor("getItem", "poll"); // a call is what refreshes due flags, as in Lambda
        }
        assertThat(live.test(routing.flags())).as("flags live within one poll interval").isTrue();
    }

    @Test
    void shadowRead_whenSidesDiffer_answersFromPrimaryAndCountsTheMismatch() {
        world.putItem(Side.LEGACY, "lib-1", "lib", Map.of("price", AttributeValue.fromN("1")));
        world.putItem(Side.NEW, "lib-1", "lib", Map.of("price", AttributeValue.fromN("2")));
        deployAndAwait(RoutingFlags.allLegacy(world.config()).with("getItem", new OperationFlag(Side.LEGACY, 0, true, false)),
                f -> f.flag("getItem").shadow());
        long before = routing.metricCount("ShadowMismatches:getItem");

        RoutingDecision decision = routing.decide("getItem", "lib-1");
        String price = routing.shadowRead(decision, side -> routing.clients().dynamoDb(side)
                .getItem(b -> b.tableName(world.config().resources(side).table("items").name())
                        .key(Map.of("id", AttributeValue.fromS("lib-1")))).item().get("price").n(), String::equals);

        assertThat(decision.primary()).isEqualTo(Side.LEGACY);
        assertThat(decision.secondary()).contains(Side.NEW);
        assertThat(price).isEqualTo("1");
        assertThat(routing.metricCount("ShadowMismatches:getItem")).isEqualTo(before + 1);
        assertThat(LOGS).anySatisfy(l -> assertThat(l).contains("\"event\":\"shadow_mismatch\"", "\"routingKey\":\"lib-1\""));
    }

    @Test
    void dualWrite_sendsOneIdempotencyKeyToBothSidesQueuesAndReturnsThePrimarysResult() {
        deployAndAwait(RoutingFlags.allLegacy(world.config()).with("createOrder", new OperationFlag(Side.LEGACY, 0, false, true)),
                f -> f.flag("createOrder").dualWrite());
        RoutingDecision decision = routing.decide("createOrder", "customer-7");

        String messageId = routing.dualWrite(decision, "order-lib-1", (side, key) -> routing.clients().sqs(side)
                .sendMessage(b -> b.queueUrl(routing.clients().queueUrl(side, "orders")).messageBody("{\"sku\":\"x\"}")
                        .messageGroupId("customer-7").messageDeduplicationId(key)
                        .messageAttributes(Map.of("idempotencyKey",
                                MessageAttributeValue.builder().dataType("String").stringValue(key).build())))
                .messageId() + "@" + side.id());

        assertThat(messageId).endsWith("@legacy");
        for (Side side : Side.values()) {
            List<Message> received = world.receive(side, "orders", 10);
            assertThat(received).as(side.id()).singleElement().satisfies(m ->
                    assertThat(m.messageAttributes().get("idempotencyKey").stringValue()).isEqualTo("order-lib-1"));
        }
    }

    @Test
    void sideFor_whenTheCanaryIsAt100Percent_isNewForEveryKey() {
        deployAndAwait(RoutingFlags.allLegacy(world.config()).with("getSetting", new OperationFlag(Side.LEGACY, 100, false, false)),
                f -> f.flag("getSetting").canaryPercent() == 100);
        for (int i = 0; i < 200; i++) {
            assertThat(routing.sideFor("getSetting", "key-" + i)).isEqualTo(Side.NEW);
        }
        assertThat(routing.sideFor("getItem", "key-1")).isEqualTo(Side.LEGACY);
    }
}
