package dev.cutover.cli.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The example app's queue consumer in one account: applies the messages the router sends to that account's queues to that
 * account's items table, so writes that went through the router land in a table.
 *
 * <ul>
 *   <li>{@code createOrder} (orders queue): puts an item {@code order-IDEMPOTENCYKEY} (owner = the customer), once: a
 *       conditional put, so a message delivered twice, or sent to both accounts, changes nothing the second time;</li>
 *   <li>{@code updateItem} (item updates queue, attribute {@code itemId}): {@code {"price": P, "seq": S}} sets the price if
 *       {@code S} is newer than the item's {@code seq} (newer wins, so the order the messages arrive in does not matter);
 *       {@code {"remove": true, "seq": S}} deletes the item, for good: updates never re-create an item.</li>
 * </ul>
 *
 * <p>Both rules converge whatever the order and however often a message arrives, which is what the runbook asks of the
 * consumers in dual-write ("deduplicating on idempotencyKey"). Every change it applies is recorded with its time in
 * {@link #applied(String)}, which the demo uses to measure how old a stale read was.
 */
public final class ShopWorker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One change applied to an item: the update's seq (or the delete's) and when it was applied. */
    public record Applied(long seq, boolean delete, Instant at) {
    }

    private final String name;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<String> queueUrls;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Map<String, ConcurrentSkipListMap<Long, Applied>> appliedByItem = new ConcurrentHashMap<>();

    private ShopWorker(String name, SqsClient sqs, DynamoDbClient dynamoDb, String table, List<String> queueUrls) {
        this.name = name;
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.queueUrls = queueUrls;
        this.thread = new Thread(this::run, "shop-worker-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts the consumer of {@code side}'s orders and item updates queues, writing {@code side}'s items table. */
    public static ShopWorker start(CutoverConfig config, Side side, SqsClient sqs, DynamoDbClient dynamoDb) {
        var resources = config.resources(side);
        List<String> urls = List.of(sqs.getQueueUrl(r -> r.queueName(resources.queue("orders").name())).queueUrl(),
                sqs.getQueueUrl(r -> r.queueName(resources.queue("itemUpdates").name())).queueUrl());
        ShopWorker worker = new ShopWorker(side.name().toLowerCase(java.util.Locale.ROOT), sqs, dynamoDb,
                resources.table("items").name(), urls);
        worker.thread.start();
        return worker;
    }

    /** Messages handled so far. */
    public long handled() {
        return handled.get();
    }

    /** The changes this worker applied to item {@code id}, by seq (empty if none). */
    public Map<Long, Applied> applied(String id) {
        Map<Long, Applied> m = appliedByItem.get(id);
        return m == null ? Map.of() : m;
    }

    /** The first failure that stopped the worker, if any. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Waits until both queues are empty (no visible and no in-flight messages) and no message is being handled, checked
     * twice in a row; false if that did not happen within {@code timeout}.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        while (System.nanoTime() < deadline && failure.get() == null) {
            quietChecks = isIdle() ? quietChecks + 1 : 0;
            if (quietChecks >= 2) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }

    private boolean isIdle() {
        if (inFlight.get() > 0) {
            return false;
        }
        for (String url : queueUrls) {
            Map<String, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            if (!"0".equals(a.get("ApproximateNumberOfMessages")) || !"0".equals(a.get("ApproximateNumberOfMessagesNotVisible"))) {
                return false;
            }
        }
        return inFlight.get() == 0;
    }

    private void run() {
        try {
            while (running.get()) {
                for (String url : queueUrls) {
                    inFlight.incrementAndGet();
                    try {
                        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                                .messageAttributeNames("All")).messages();
                        for (Message m : messages) {
                            apply(m);
                            sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                            handled.incrementAndGet();
                        }
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running.get()) {
                failure.set(e);
            }
        }
    }

    private void apply(Message m) {
        String operation = attribute(m, "operation");
        if ("createOrder".equals(operation)) {
            createOrder(m);
            return;
        }
        String itemId = attribute(m, "itemId");
        if (itemId == null) {
            throw new IllegalStateException("worker " + name + ": message " + m.messageId() + " has neither operation=createOrder nor "
                    + "an itemId attribute");
        }
        JsonNode body = parse(m.body());
        long seq = body.path("seq").asLong(-1);
        if (seq < 0) {
            throw new IllegalStateException("worker " + name + ": update of " + itemId + " has no seq: " + m.body());
        }
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(itemId));
        if (body.path("remove").asBoolean(false)) {
            dynamoDb.deleteItem(r -> r.tableName(table).key(key));
            record(itemId, new Applied(seq, true, Instant.now()));
            return;
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key).updateExpression("SET price = :p, seq = :s")
                    .conditionExpression("attribute_exists(id) AND (attribute_not_exists(seq) OR seq < :s)")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromN(body.path("price").asText()),
                            ":s", AttributeValue.fromN(Long.toString(seq)))));
            record(itemId, new Applied(seq, false, Instant.now()));
        } catch (ConditionalCheckFailedException olderOrDeleted) {
            return;
        }
    }

    private void createOrder(Message m) {
        JsonNode body = parse(m.body());
        String key = attribute(m, "idempotencyKey");
        Map<String, AttributeValue> item = Map.of(
                "id", AttributeValue.fromS("order-" + key),
                "owner", AttributeValue.fromS(body.path("customerId").asText()),
                "sku", AttributeValue.fromS(body.path("sku").asText()),
                "quantity", AttributeValue.fromN(Integer.toString(body.path("quantity").asInt())));
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
        } catch (ConditionalCheckFailedException alreadyThere) {
            return;
        }
    }

    private void record(String itemId, Applied applied) {
        appliedByItem.computeIfAbsent(itemId, k -> new ConcurrentSkipListMap<>()).put(applied.seq(), applied);
    }

    private static String attribute(Message m, String name) {
        var v = m.messageAttributes().get(name);
        return v == null ? null : v.stringValue();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("a message body that is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
