package dev.cutover.cli.sandbox;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Queue;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * The example application "shop": creates a configuration's tables and queues on a side, and seeds
 * the legacy side with items and SSM parameters (plain, StringList and SecureString, one Advanced-tier).
 */
public final class ExampleApp {
    /** Names of the SecureString parameters seeded under the legacy tree (values are generated, never printed). */
    public static final List<String> SECRET_NAMES = List.of("db/password", "api/key");

    private ExampleApp() {
    }

    /** Creates every table (with its indexes) and queue of {@code side}; existing ones are left alone. */
    public static void createResources(CutoverConfig config, Side side, DynamoDbClient dynamoDb, SqsClient sqs) {
        for (Table table : config.resources(side).tables().values()) {
            createTable(dynamoDb, table);
        }
        for (Queue queue : config.resources(side).queues().values()) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            if (queue.fifo()) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            sqs.createQueue(r -> r.queueName(queue.name()).attributes(attributes));
        }
    }

    private static void createTable(DynamoDbClient dynamoDb, Table table) {
        Map<String, KeyAttribute> attributes = new LinkedHashMap<>();
        attributes.put(table.partitionKey().name(), table.partitionKey());
        table.sortKey().ifPresent(s -> attributes.put(s.name(), s));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableIndex index : table.indexes()) {
            attributes.put(index.partitionKey().name(), index.partitionKey());
            index.sortKey().ifPresent(s -> attributes.put(s.name(), s));
            indexes.add(GlobalSecondaryIndex.builder().indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                    .projection(p -> p.projectionType(ProjectionType.ALL)).build());
        }
        try {
            dynamoDb.createTable(r -> {
                r.tableName(table.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(keySchema(table.partitionKey(), table.sortKey()))
                        .attributeDefinitions(attributes.values().stream().map(a -> AttributeDefinition.builder()
                                .attributeName(a.name()).attributeType(a.type()).build()).toList());
                if (!indexes.isEmpty()) {
                    r.globalSecondaryIndexes(indexes);
                }
            });
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute pk, Optional<KeyAttribute> sk) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(pk.name()).keyType(KeyType.HASH).build());
        sk.ifPresent(s -> schema.add(KeySchemaElement.builder().attributeName(s.name()).keyType(KeyType.RANGE).build()));
        return schema;
    }

    /** The id of the i-th seeded item: "item-000042". */
    public static String itemId(int i) {
        return String.format("item-%06d", i);
    }

    /** The owner of the i-th item: 50 owners, so Query by owner returns many items. */
    public static String ownerOf(int i) {
        return String.format("owner-%02d", i % 50);
    }

    /** Writes {@code count} items into the table behind logical name {@code table} on {@code side}. */
    public static void seedItems(CutoverConfig config, Side side, String table, DynamoDbClient dynamoDb, int count) {
        String name = config.resources(side).table(table).name();
        List<WriteRequest> batch = new ArrayList<>(25);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("id", AttributeValue.fromS(itemId(i)));
            item.put("owner", AttributeValue.fromS(ownerOf(i)));
            item.put("name", AttributeValue.fromS("Item number " + i));
            item.put("price", AttributeValue.fromN(Integer.toString(100 + (i * 37) % 9900)));
            item.put("version", AttributeValue.fromN("1"));
            item.put("tags", AttributeValue.fromSs(List.of("seeded", i % 2 == 0 ? "even" : "odd")));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                Map<String, List<WriteRequest>> pending = Map.of(name, List.copyOf(batch));
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                }
                batch.clear();
            }
        }
    }

    /**
     * Seeds the legacy parameter tree behind logical name {@code tree}: plain settings, a StringList,
     * SecureStrings (under the tree's KMS key) and an Advanced-tier value, with tags.
     */
    public static int seedParameters(CutoverConfig config, String tree, SsmClient ssm, int extra) {
        ParameterTree parameters = config.resources(Side.LEGACY).parameterTree(tree);
        String root = parameters.path();
        String key = parameters.kmsKeyArn().orElse("alias/aws/ssm");
        int count = 0;
        put(ssm, root + "/db/url", "jdbc:postgresql://db.legacy.internal:5432/shop", ParameterType.STRING, null, "Database URL");
        put(ssm, root + "/features", "checkout,search,reviews", ParameterType.STRING_LIST, null, "Enabled features");
        put(ssm, root + "/db/password", "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random())), ParameterType.SECURE_STRING,
                key, "Database password");
        put(ssm, root + "/api/key", "key-" + Long.toHexString(Double.doubleToLongBits(Math.random())), ParameterType.SECURE_STRING,
                key, "Payment API key");
        count += 4;
        ssm.putParameter(r -> r.name(root + "/catalog/banner").value("x".repeat(5000)).type(ParameterType.STRING)
                .tier(ParameterTier.ADVANCED).description("Large banner (Advanced tier)")
                .tags(Tag.builder().key("owner").value("shop-team").build()));
        count++;
        for (int i = 0; i < extra; i++) {
            String name = root + "/limits/" + (i % 5) + "/limit-" + i;
            ssm.putParameter(r -> r.name(name).value(Integer.toString(1000 + name.hashCode() % 1000)).type(ParameterType.STRING)
                    .tags(Tag.builder().key("generated").value("true").build()));
            count++;
        }
        return count;
    }

    private static void put(SsmClient ssm, String name, String value, ParameterType type, String keyId, String description) {
        ssm.putParameter(r -> {
            r.name(name).value(value).type(type).description(description)
                    .tags(Tag.builder().key("app").value("shop").build());
            if (keyId != null) {
                r.keyId(keyId);
            }
        });
    }
}
