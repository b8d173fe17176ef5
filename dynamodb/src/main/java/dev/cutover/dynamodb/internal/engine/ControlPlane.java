package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.streams.Stream;
import dev.cutover.dynamodb.internal.streams.StreamStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Tables: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, the tag operations, TTL, DescribeLimits and
 * DescribeEndpoints.
 */
final class ControlPlane {

    private static final Set<String> SCALAR_TYPES = Set.of("S", "N", "B");
    private static final Set<String> PROJECTIONS = Set.of("ALL", "KEYS_ONLY", "INCLUDE");
    private static final Set<String> BILLING = Set.of("PROVISIONED", "PAY_PER_REQUEST");
    private static final Set<String> VIEW_TYPES = Set.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
    private static final DateTimeFormatter STREAM_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    static final int MAX_LSIS = 5;
    static final int MAX_GSIS = 20;

    private final Stores stores;
    private final StreamStore streams;
    private final ResourcePolicies policies;

    ControlPlane(Stores stores, StreamStore streams, ResourcePolicies policies) {
        this.stores = stores;
        this.streams = streams;
        this.policies = policies;
    }

    byte[] createTable(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        JsonNode definitions = p.array("AttributeDefinitions");
        JsonNode keySchema = p.array("KeySchema");
        if (definitions == null) {
            p.notNull("attributeDefinitions");
        }
        if (keySchema == null) {
            p.notNull("keySchema");
        }
        p.oneOf("BillingMode", "billingMode", BILLING, List.of("PROVISIONED", "PAY_PER_REQUEST"));
        p.check();
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode d : definitions) {
            String attr = text(d, "AttributeName");
            String type = text(d, "AttributeType");
            if (attr == null || type == null || !SCALAR_TYPES.contains(type)) {
                throw DynamoDbException.validation("1 validation error detected: Value '" + type
                        + "' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value"
                        + " set: [B, N, S]");
            }
            if (types.put(attr, type) != null) {
                throw DynamoDbException.validation("Cannot have two attributes with the same name");
            }
        }
        KeySchema key = keySchema(keySchema, types, "");
        Set<String> used = new HashSet<>();
        used.add(key.hashName());
        if (key.hasRange()) {
            used.add(key.rangeName());
        }
        List<IndexDefinition> indexes = new ArrayList<>();
        JsonNode lsis = p.array("LocalSecondaryIndexes");
        if (lsis != null) {
            if (!key.hasRange()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Table KeySchema does not have a range key,"
                        + " which is required when specifying a LocalSecondaryIndex");
            }
            if (lsis.size() > MAX_LSIS) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds"
                        + " per-table limit of " + MAX_LSIS);
            }
            for (JsonNode lsi : lsis) {
                IndexDefinition d = index(lsi, types, false, 0, 0);
                if (!d.key().hashName().equals(key.hashName())) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Index KeySchema does not have the same"
                            + " leading hash key as table KeySchema for index: " + d.name() + ". index hash key: " + d.key().hashName()
                            + ", table hash key: " + key.hashName());
                }
                addIndex(indexes, d, used);
            }
        }
        String billing = p.string("BillingMode") == null ? "PROVISIONED" : p.string("BillingMode");
        JsonNode throughput = p.object("ProvisionedThroughput");
        long[] capacity = capacity(billing, throughput, "");
        JsonNode gsis = p.array("GlobalSecondaryIndexes");
        if (gsis != null) {
            if (gsis.size() > MAX_GSIS) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Number of GlobalSecondaryIndexes exceeds"
                        + " per-table limit of " + MAX_GSIS);
            }
            for (JsonNode gsi : gsis) {
                long[] c = capacity(billing, gsi.get("ProvisionedThroughput"), " for index " + text(gsi, "IndexName"));
                addIndex(indexes, index(gsi, types, true, c[0], c[1]), used);
            }
        }
        if (!used.containsAll(types.keySet()) || used.size() != types.size()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Number of attributes in KeySchema does not"
                    + " exactly match number of attributes defined in AttributeDefinitions");
        }
        Instant now = stores.clock().instant();
        TableMetadata metadata = new TableMetadata(name, tableArnFor(store, name), UUID.randomUUID().toString(), now, key, types);
        metadata.billing(billing, capacity[0], capacity[1], now);
        JsonNode stream = p.object("StreamSpecification");
        if (stream != null) {
            applyStream(metadata, stream, now);
        }
        JsonNode sse = p.object("SSESpecification");
        if (sse != null) {
            applySse(metadata, sse, store);
        }
        Boolean protection = p.bool("DeletionProtectionEnabled");
        metadata.deletionProtection(protection != null && protection);
        if (p.string("TableClass") != null) {
            metadata.tableClass(p.string("TableClass"));
        }
        JsonNode tags = p.array("Tags");
        if (tags != null) {
            metadata.tag(tags(tags));
        }
        if (name.startsWith("arn:")) {
            throw DynamoDbException.validation("TableName must be a table name, not an ARN, in CreateTable");
        }
        Table table = new Table(metadata, indexes);
        if (store.putIfAbsent(name, table) != null) {
            throw DynamoDbException.resourceInUse("Table already exists: " + name);
        }
        if (metadata.streamEnabled()) {
            openStream(metadata, now);
        }
        return Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            describe(g, table, "CREATING");
            g.writeEndObject();
        });
    }

    private String tableArnFor(AccountStore store, String name) {
        return store.tableArn(name);
    }

    private static void addIndex(List<IndexDefinition> indexes, IndexDefinition d, Set<String> used) {
        for (IndexDefinition other : indexes) {
            if (other.name().equals(d.name())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Duplicate index name: " + d.name());
            }
        }
        indexes.add(d);
        used.add(d.key().hashName());
        if (d.key().hasRange()) {
            used.add(d.key().rangeName());
        }
    }

    private static long[] capacity(String billing, JsonNode throughput, String where) {
        if ("PAY_PER_REQUEST".equals(billing)) {
            if (throughput != null && !throughput.isNull()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor"
                        + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return new long[] {0, 0};
        }
        if (throughput == null || throughput.isNull()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must"
                    + " both be specified when BillingMode is PROVISIONED");
        }
        JsonNode r = throughput.get("ReadCapacityUnits");
        JsonNode w = throughput.get("WriteCapacityUnits");
        if (r == null || w == null || !r.isNumber() || !w.isNumber()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must"
                    + " both be specified when BillingMode is PROVISIONED");
        }
        if (r.longValue() < 1 || w.longValue() < 1) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + Math.min(r.longValue(), w.longValue())
                    + "' at 'provisionedThroughput." + (r.longValue() < 1 ? "readCapacityUnits" : "writeCapacityUnits")
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return new long[] {r.longValue(), w.longValue()};
    }

    private static String text(JsonNode node, String member) {
        JsonNode v = node == null ? null : node.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.textValue();
    }

    private static KeySchema keySchema(JsonNode schema, Map<String, String> types, String indexName) {
        if (schema == null || !schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + schema + "' at 'keySchema' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 2");
        }
        String hash = null;
        String range = null;
        int i = 0;
        for (JsonNode element : schema) {
            String attr = text(element, "AttributeName");
            String type = text(element, "KeyType");
            if (attr == null || type == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'keySchema." + (i + 1)
                        + ".member.keyType' failed to satisfy constraint: Member must not be null");
            }
            if (!"HASH".equals(type) && !"RANGE".equals(type)) {
                throw DynamoDbException.validation("1 validation error detected: Value '" + type + "' at 'keySchema." + (i + 1)
                        + ".member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]");
            }
            if (i == 0 && !"HASH".equals(type)) {
                throw DynamoDbException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
            }
            if (i == 1) {
                if (!"RANGE".equals(type)) {
                    throw DynamoDbException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
                }
                if (attr.equals(hash)) {
                    throw DynamoDbException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
                }
                range = attr;
            } else {
                hash = attr;
            }
            i++;
        }
        List<String> missing = new ArrayList<>();
        if (!types.containsKey(hash)) {
            missing.add(hash);
        }
        if (range != null && !types.containsKey(range)) {
            missing.add(range);
        }
        if (!missing.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Some index key attributes are not defined in"
                    + " AttributeDefinitions. Keys: " + missing + ", AttributeDefinitions: " + new ArrayList<>(types.keySet()));
        }
        return new KeySchema(hash, types.get(hash), range, range == null ? null : types.get(range));
    }

    private static IndexDefinition index(JsonNode index, Map<String, String> types, boolean global, long read, long write) {
        String name = text(index, "IndexName");
        if (name == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'indexName' failed to satisfy constraint:"
                    + " Member must not be null");
        }
        List<String> errors = new ArrayList<>();
        Params.checkTableName(name, "indexName", errors);
        if (!errors.isEmpty()) {
            throw DynamoDbException.validation(errors.size() + " validation error" + (errors.size() == 1 ? "" : "s") + " detected: "
                    + String.join("; ", errors));
        }
        KeySchema key = keySchema(index.get("KeySchema"), types, name);
        JsonNode projection = index.get("Projection");
        if (projection == null || projection.isNull()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'projection' failed to satisfy constraint:"
                    + " Member must not be null");
        }
        String type = text(projection, "ProjectionType");
        List<String> nonKey = new ArrayList<>();
        JsonNode nonKeyNode = projection.get("NonKeyAttributes");
        if (nonKeyNode != null && nonKeyNode.isArray()) {
            for (JsonNode n : nonKeyNode) {
                nonKey.add(n.asText());
            }
        }
        if (type == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Unknown ProjectionType: null");
        }
        if (!PROJECTIONS.contains(type)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + type + "' at 'projection.projectionType' failed"
                    + " to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
        }
        if ("INCLUDE".equals(type) && nonKey.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes"
                    + " is not specified");
        }
        if (!"INCLUDE".equals(type) && nonKeyNode != null && !nonKeyNode.isNull()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProjectionType is " + type
                    + ", but NonKeyAttributes is specified");
        }
        return new IndexDefinition(name, global, key, type, nonKey, read, write);
    }

    private static void applyStream(TableMetadata metadata, JsonNode stream, Instant now) {
        JsonNode enabled = stream.get("StreamEnabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        String view = text(stream, "StreamViewType");
        if (enabled.booleanValue()) {
            if (view == null || !VIEW_TYPES.contains(view)) {
                throw DynamoDbException.validation("One or more parameter values were invalid: You must specify a StreamViewType when"
                        + " enabling a stream");
            }
            if (metadata.streamEnabled()) {
                throw DynamoDbException.validation("Table already has an enabled stream: " + metadata.streamArn());
            }
            metadata.stream(true, view, LocalDateTime.ofInstant(now, ZoneOffset.UTC).format(STREAM_LABEL));
        } else {
            if (view != null) {
                throw DynamoDbException.validation("One or more parameter values were invalid: You cannot modify StreamViewType when"
                        + " disabling a stream");
            }
            if (!metadata.streamEnabled()) {
                throw DynamoDbException.validation("Table already has no enabled stream");
            }
            metadata.stream(false, null, null);
        }
    }

    /** Starts capturing the table's changes in a new stream (a new label, so a new ARN, each time). */
    private void openStream(TableMetadata metadata, Instant now) {
        KeySchema key = metadata.key();
        List<Stream.KeyElement> schema = new ArrayList<>(2);
        schema.add(new Stream.KeyElement(key.hashName(), "HASH"));
        if (key.hasRange()) {
            schema.add(new Stream.KeyElement(key.rangeName(), "RANGE"));
        }
        metadata.activeStream(streams.open(metadata.arn(), metadata.name(), metadata.streamLabel(), metadata.streamViewType(), schema,
                now));
    }

    /** Stops capturing: the stream is disabled (its shards closed) and stays readable until its records expire. */
    private void closeStream(TableMetadata metadata, Instant now) {
        Stream stream = metadata.activeStream();
        if (stream != null) {
            metadata.activeStream(null);
            streams.disable(stream, now);
        }
    }

    private static void applySse(TableMetadata metadata, JsonNode sse, AccountStore store) {
        JsonNode enabled = sse.get("Enabled");
        boolean on = enabled != null && enabled.asBoolean(false);
        String type = text(sse, "SSEType");
        String key = text(sse, "KMSMasterKeyId");
        if (on) {
            String arn = key == null ? "arn:aws:kms:" + store.region() + ":" + store.account() + ":key/aws-dynamodb-managed"
                    : key.startsWith("arn:") ? key : "arn:aws:kms:" + store.region() + ":" + store.account() + ":key/" + key;
            metadata.sse(true, type == null ? "KMS" : type, arn);
        } else {
            metadata.sse(false, null, null);
        }
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            String k = text(t, "Key");
            String v = text(t, "Value");
            if (k == null || v == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'tags.1.member." + (k == null ? "key"
                        : "value") + "' failed to satisfy constraint: Member must not be null");
            }
            map.put(k, v);
        }
        return map;
    }

    byte[] describeTable(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        p.check();
        Table table = stores.find(store, name);
        if (table == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("Table");
            describe(g, table, "ACTIVE");
            g.writeEndObject();
        });
    }

    byte[] deleteTable(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        p.check();
        Table table = stores.find(store, name);
        if (table == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        if (table.metadata().deletionProtection()) {
            throw DynamoDbException.validation("Resource cannot be deleted as it is currently protected against deletion. Disable"
                    + " deletion protection first.");
        }
        store.remove(table.name(), table);
        closeStream(table.metadata(), stores.clock().instant());
        policies.tableDeleted(table.metadata().arn());
        return Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            describe(g, table, "DELETING");
            g.writeEndObject();
        });
    }

    byte[] listTables(AccountStore store, Params p) {
        String start = p.string("ExclusiveStartTableName");
        p.range("Limit", "limit", 1, 100);
        p.check();
        long limit = p.number("Limit") == null ? 100 : p.number("Limit");
        List<String> names = new ArrayList<>();
        Map<String, Table> tail = start == null ? store.tables() : store.tables().tailMap(start, false);
        boolean more = false;
        for (String name : tail.keySet()) {
            if (names.size() == limit) {
                more = true;
                break;
            }
            names.add(name);
        }
        boolean hasMore = more;
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("TableNames");
            for (String n : names) {
                g.writeString(n);
            }
            g.writeEndArray();
            if (hasMore) {
                g.writeStringField("LastEvaluatedTableName", names.get(names.size() - 1));
            }
            g.writeEndObject();
        });
    }

    byte[] updateTable(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        p.oneOf("BillingMode", "billingMode", BILLING, List.of("PROVISIONED", "PAY_PER_REQUEST"));
        p.check();
        Table table = stores.table(store, name);
        TableMetadata metadata = table.metadata();
        Instant now = stores.clock().instant();
        JsonNode definitions = p.array("AttributeDefinitions");
        Map<String, String> types = metadata.attributeTypes();
        if (definitions != null) {
            for (JsonNode d : definitions) {
                String attr = text(d, "AttributeName");
                String type = text(d, "AttributeType");
                if (attr == null || type == null || !SCALAR_TYPES.contains(type)) {
                    throw DynamoDbException.validation("1 validation error detected: Value '" + type + "' at"
                            + " 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum"
                            + " value set: [B, N, S]");
                }
                types.put(attr, type);
            }
        }
        String billing = p.string("BillingMode");
        JsonNode throughput = p.object("ProvisionedThroughput");
        if ("PROVISIONED".equals(billing) && throughput == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProvisionedThroughput must be specified when"
                    + " BillingMode is PROVISIONED");
        }
        boolean changed = false;
        if (billing != null || throughput != null) {
            String mode = billing == null ? metadata.billingMode() : billing;
            long[] c = capacity(mode, throughput == null && "PAY_PER_REQUEST".equals(mode) ? null
                    : throughput != null ? throughput : provisionedNode(metadata), "");
            metadata.billing(mode, c[0], c[1], now);
            changed = true;
        }
        JsonNode stream = p.object("StreamSpecification");
        if (stream != null) {
            applyStream(metadata, stream, now);
            if (metadata.streamEnabled()) {
                openStream(metadata, now);
            } else {
                closeStream(metadata, now);
            }
            changed = true;
        }
        JsonNode sse = p.object("SSESpecification");
        if (sse != null) {
            applySse(metadata, sse, store);
            changed = true;
        }
        Boolean protection = p.bool("DeletionProtectionEnabled");
        if (protection != null) {
            metadata.deletionProtection(protection);
            changed = true;
        }
        if (p.string("TableClass") != null) {
            metadata.tableClass(p.string("TableClass"));
            changed = true;
        }
        JsonNode updates = p.array("GlobalSecondaryIndexUpdates");
        if (updates != null) {
            if (updates.size() > 1) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Only one global secondary index update per"
                        + " UpdateTable call is supported");
            }
            for (JsonNode u : updates) {
                changed = true;
                if (u.hasNonNull("Create")) {
                    JsonNode create = u.get("Create");
                    String mode = metadata.billingMode();
                    long[] c = capacity(mode, create.get("ProvisionedThroughput"), "");
                    IndexDefinition d = index(create, types, true, c[0], c[1]);
                    if (table.index(d.name()) != null) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: Duplicate index name: " + d.name());
                    }
                    long gsis = table.indexes().stream().filter(i -> i.definition().global()).count();
                    if (gsis >= MAX_GSIS) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: Number of GlobalSecondaryIndexes"
                                + " exceeds per-table limit of " + MAX_GSIS);
                    }
                    metadata.addAttributeTypes(types);
                    table.addIndex(d);
                } else if (u.hasNonNull("Delete")) {
                    String indexName = text(u.get("Delete"), "IndexName");
                    Table.Index index = indexName == null ? null : table.index(indexName);
                    if (index == null || !index.definition().global()) {
                        throw DynamoDbException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
                    }
                    table.removeIndex(indexName);
                    // The service keeps only the attribute definitions some key schema still uses.
                    Set<String> used = new HashSet<>();
                    used.add(metadata.key().hashName());
                    used.add(metadata.key().rangeName());
                    table.indexes().forEach(i -> {
                        used.add(i.definition().key().hashName());
                        used.add(i.definition().key().rangeName());
                    });
                    metadata.retainAttributeTypes(used);
                } else if (u.hasNonNull("Update")) {
                    String indexName = text(u.get("Update"), "IndexName");
                    if (indexName == null || table.index(indexName) == null) {
                        throw DynamoDbException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
                    }
                } else {
                    throw DynamoDbException.validation("One or more parameter values were invalid: One of"
                            + " GlobalSecondaryIndexUpdate.Create,"
                            + " Update or Delete must be specified");
                }
            }
        }
        if (!changed) {
            throw DynamoDbException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
                    + " GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
        return Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            // UpdateTable is asynchronous on the service: its answer says UPDATING, the next DescribeTable ACTIVE.
            describe(g, table, "UPDATING");
            g.writeEndObject();
        });
    }

    private static JsonNode provisionedNode(TableMetadata metadata) {
        return Json.MAPPER.createObjectNode()
                .put("ReadCapacityUnits", Math.max(1, metadata.readCapacity()))
                .put("WriteCapacityUnits", Math.max(1, metadata.writeCapacity()));
    }

    byte[] tagResource(AccountStore store, Params p) {
        Table table = byArn(store, p);
        JsonNode tags = p.array("Tags");
        if (tags == null) {
            p.notNull("tags");
        }
        p.check();
        if (tags.isEmpty()) {
            throw DynamoDbException.validation("Atleast one Tag needs to be provided as Input.");
        }
        table.metadata().tag(tags(tags));
        return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    byte[] untagResource(AccountStore store, Params p) {
        Table table = byArn(store, p);
        List<String> keys = p.stringList("TagKeys");
        if (keys == null) {
            p.notNull("tagKeys");
        }
        p.check();
        if (keys.isEmpty()) {
            throw DynamoDbException.validation("Atleast one Tag Key needs to be provided as Input.");
        }
        table.metadata().untag(keys);
        return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    byte[] listTagsOfResource(AccountStore store, Params p) {
        Table table = byArn(store, p);
        Map<String, String> tags = table.metadata().tags();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Tags");
            for (Map.Entry<String, String> e : tags.entrySet()) {
                g.writeStartObject();
                g.writeStringField("Key", e.getKey());
                g.writeStringField("Value", e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private Table byArn(AccountStore store, Params p) {
        String arn = p.string("ResourceArn");
        if (arn == null) {
            p.notNull("resourceArn");
            p.check();
        }
        if (!arn.startsWith("arn:aws:dynamodb:")) {
            throw DynamoDbException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        Table table = stores.find(store, arn);
        if (table == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
        }
        return table;
    }

    byte[] describeTimeToLive(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        p.check();
        Table table = stores.find(store, name);
        if (table == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        TableMetadata m = table.metadata();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("TimeToLiveDescription");
            g.writeStringField("TimeToLiveStatus", m.ttlEnabled() ? "ENABLED" : "DISABLED");
            if (m.ttlEnabled()) {
                g.writeStringField("AttributeName", m.ttlAttribute());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    byte[] updateTimeToLive(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        JsonNode spec = p.object("TimeToLiveSpecification");
        if (spec == null) {
            p.notNull("timeToLiveSpecification");
        }
        p.check();
        String attribute = text(spec, "AttributeName");
        JsonNode enabled = spec.get("Enabled");
        if (attribute == null || enabled == null || !enabled.isBoolean()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'timeToLiveSpecification."
                    + (attribute == null ? "attributeName" : "enabled") + "' failed to satisfy constraint: Member must not be null");
        }
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + attribute + "' at"
                    + " 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length between 1 and 255");
        }
        Table table = stores.table(store, name);
        TableMetadata m = table.metadata();
        synchronized (m) {
            if (enabled.booleanValue() && m.ttlEnabled()) {
                throw DynamoDbException.validation("TimeToLive is already enabled");
            }
            if (!enabled.booleanValue() && !m.ttlEnabled()) {
                throw DynamoDbException.validation("TimeToLive is already disabled");
            }
            if (!enabled.booleanValue() && !attribute.equals(m.ttlAttribute())) {
                throw DynamoDbException.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                        + m.ttlAttribute());
            }
            m.ttl(attribute, enabled.booleanValue());
        }
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("TimeToLiveSpecification");
            g.writeStringField("AttributeName", attribute);
            g.writeBooleanField("Enabled", enabled.booleanValue());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    byte[] describeLimits() {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("AccountMaxReadCapacityUnits", 80000);
            g.writeNumberField("AccountMaxWriteCapacityUnits", 80000);
            g.writeNumberField("TableMaxReadCapacityUnits", 40000);
            g.writeNumberField("TableMaxWriteCapacityUnits", 40000);
            g.writeEndObject();
        });
    }

    byte[] describeEndpoints(AccountStore store) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Endpoints");
            g.writeStartObject();
            g.writeStringField("Address", "dynamodb." + store.region() + ".amazonaws.com");
            g.writeNumberField("CachePeriodInMinutes", 1440);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The TableDescription DescribeTable, CreateTable, UpdateTable and DeleteTable return. */
    static void describe(JsonGenerator g, Table table, String status) throws IOException {
        TableMetadata m = table.metadata();
        g.writeStartObject();
        g.writeArrayFieldStart("AttributeDefinitions");
        for (Map.Entry<String, String> e : m.attributeTypes().entrySet()) {
            g.writeStartObject();
            g.writeStringField("AttributeName", e.getKey());
            g.writeStringField("AttributeType", e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("TableName", m.name());
        writeKeySchema(g, m.key());
        g.writeStringField("TableStatus", status);
        g.writeFieldName("CreationDateTime");
        g.writeNumber(seconds(m.created()));
        g.writeObjectFieldStart("ProvisionedThroughput");
        g.writeNumberField("NumberOfDecreasesToday", 0);
        g.writeNumberField("ReadCapacityUnits", m.readCapacity());
        g.writeNumberField("WriteCapacityUnits", m.writeCapacity());
        g.writeEndObject();
        g.writeNumberField("TableSizeBytes", table.sizeBytes());
        g.writeNumberField("ItemCount", table.itemCount());
        g.writeStringField("TableArn", m.arn());
        g.writeStringField("TableId", m.tableId());
        if ("PAY_PER_REQUEST".equals(m.billingMode()) || m.lastBillingModeChange() != null) {
            g.writeObjectFieldStart("BillingModeSummary");
            g.writeStringField("BillingMode", m.billingMode());
            g.writeFieldName("LastUpdateToPayPerRequestDateTime");
            g.writeNumber(seconds(m.lastBillingModeChange() == null ? m.created() : m.lastBillingModeChange()));
            g.writeEndObject();
        }
        List<Table.Index> lsis = new ArrayList<>();
        List<Table.Index> gsis = new ArrayList<>();
        for (Table.Index index : table.indexes()) {
            (index.definition().global() ? gsis : lsis).add(index);
        }
        if (!lsis.isEmpty()) {
            g.writeArrayFieldStart("LocalSecondaryIndexes");
            for (Table.Index index : lsis) {
                writeIndex(g, index, m, false, status);
            }
            g.writeEndArray();
        }
        if (!gsis.isEmpty()) {
            g.writeArrayFieldStart("GlobalSecondaryIndexes");
            for (Table.Index index : gsis) {
                writeIndex(g, index, m, true, status);
            }
            g.writeEndArray();
        }
        if (m.streamLabel() != null) {
            g.writeObjectFieldStart("StreamSpecification");
            g.writeBooleanField("StreamEnabled", m.streamEnabled());
            if (m.streamEnabled()) {
                g.writeStringField("StreamViewType", m.streamViewType());
            }
            g.writeEndObject();
            g.writeStringField("LatestStreamLabel", m.streamLabel());
            g.writeStringField("LatestStreamArn", m.streamArn());
        }
        if (m.sseEnabled()) {
            g.writeObjectFieldStart("SSEDescription");
            g.writeStringField("Status", "ENABLED");
            g.writeStringField("SSEType", m.sseType());
            g.writeStringField("KMSMasterKeyArn", m.kmsKeyArn());
            g.writeEndObject();
        }
        if (!"STANDARD".equals(m.tableClass())) {
            g.writeObjectFieldStart("TableClassSummary");
            g.writeStringField("TableClass", m.tableClass());
            g.writeEndObject();
        }
        g.writeBooleanField("DeletionProtectionEnabled", m.deletionProtection());
        g.writeEndObject();
    }

    private static void writeIndex(JsonGenerator g, Table.Index index, TableMetadata m, boolean global, String tableStatus)
            throws IOException {
        IndexDefinition d = index.definition();
        g.writeStartObject();
        g.writeStringField("IndexName", d.name());
        writeKeySchema(g, d.key());
        g.writeObjectFieldStart("Projection");
        g.writeStringField("ProjectionType", d.projectionType());
        if (!d.nonKeyAttributes().isEmpty()) {
            g.writeArrayFieldStart("NonKeyAttributes");
            for (String a : d.nonKeyAttributes()) {
                g.writeString(a);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        if (global) {
            // A new table's indexes are created with it (CREATING in CreateTable's answer); otherwise ACTIVE at once.
            g.writeStringField("IndexStatus", "CREATING".equals(tableStatus) ? "CREATING" : "ACTIVE");
            g.writeObjectFieldStart("ProvisionedThroughput");
            g.writeNumberField("NumberOfDecreasesToday", 0);
            g.writeNumberField("ReadCapacityUnits", d.readCapacity());
            g.writeNumberField("WriteCapacityUnits", d.writeCapacity());
            g.writeEndObject();
        }
        g.writeNumberField("IndexSizeBytes", index.sizeBytes());
        g.writeNumberField("ItemCount", index.itemCount());
        g.writeStringField("IndexArn", m.arn() + "/index/" + d.name());
        g.writeEndObject();
    }

    private static void writeKeySchema(JsonGenerator g, KeySchema key) throws IOException {
        g.writeArrayFieldStart("KeySchema");
        g.writeStartObject();
        g.writeStringField("AttributeName", key.hashName());
        g.writeStringField("KeyType", "HASH");
        g.writeEndObject();
        if (key.hasRange()) {
            g.writeStartObject();
            g.writeStringField("AttributeName", key.rangeName());
            g.writeStringField("KeyType", "RANGE");
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
