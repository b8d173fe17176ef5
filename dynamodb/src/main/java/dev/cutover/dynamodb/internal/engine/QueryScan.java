package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.expression.Condition;
import dev.cutover.dynamodb.internal.expression.Expressions;
import dev.cutover.dynamodb.internal.expression.KeyCondition;
import dev.cutover.dynamodb.internal.expression.Projection;
import dev.cutover.dynamodb.internal.expression.RangeCondition;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Query and Scan over a table or a secondary index. A page stops after Limit items were read or once 1 MB was read (the
 * item that crosses it included), before FilterExpression, as DynamoDB does; Scan segments are contiguous ranges of the
 * partition-key hash space, so they are disjoint and together cover the table.
 */
final class QueryScan {

    static final long PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECT = Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");
    private static final List<String> SELECT_ORDER = List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES",
            "COUNT");

    private final Stores stores;

    QueryScan(Stores stores) {
        this.stores = stores;
    }

    byte[] query(AccountStore store, Params p) {
        return run(store, p, true);
    }

    byte[] scan(AccountStore store, Params p) {
        return run(store, p, false);
    }

    private byte[] run(AccountStore store, Params p, boolean query) {
        String tableName = p.tableName("TableName", "tableName");
        p.oneOf("Select", "select", SELECT, SELECT_ORDER);
        p.oneOf("ReturnConsumedCapacity", "returnConsumedCapacity", Set.of("INDEXES", "TOTAL", "NONE"), List.of("INDEXES", "TOTAL",
                "NONE"));
        p.range("Limit", "limit", 1, Integer.MAX_VALUE);
        if (!query) {
            p.range("Segment", "segment", 0, 999999);
            p.range("TotalSegments", "totalSegments", 1, 1000000);
        }
        String indexName = p.string("IndexName");
        if (indexName != null) {
            List<String> errors = new ArrayList<>();
            Params.checkTableName(indexName, "indexName", errors);
            errors.forEach(p::error);
        }
        p.check();
        for (String legacy : List.of("KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator")) {
            if (p.has(legacy)) {
                throw DynamoDbException.validation("The sandbox's DynamoDB engine supports expressions only; the legacy " + legacy
                        + " parameter is not supported");
            }
        }
        Long segment = query ? null : p.number("Segment");
        Long totalSegments = query ? null : p.number("TotalSegments");
        if (segment != null && totalSegments == null) {
            throw DynamoDbException.validation("The TotalSegments parameter is required but was not present in the request when Segment"
                    + " parameter is present");
        }
        if (totalSegments != null && segment == null) {
            throw DynamoDbException.validation("The Segment parameter is required but was not present in the request when parameter"
                    + " TotalSegments is present");
        }
        if (segment != null && segment >= totalSegments) {
            throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments:"
                    + " Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        RequestExpressions expressions = query
                ? RequestExpressions.of(p, "KeyConditionExpression", "FilterExpression", "ProjectionExpression")
                : RequestExpressions.of(p, "FilterExpression", "ProjectionExpression");
        Projection projection = expressions.projection(p);
        Condition filter = expressions.condition(p, "FilterExpression");
        List<String> attributesToGet = p.stringList("AttributesToGet");
        if (projection != null && attributesToGet != null) {
            throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same request:"
                    + " Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        }
        String select = p.string("Select");
        if (select == null) {
            select = projection != null || attributesToGet != null ? "SPECIFIC_ATTRIBUTES"
                    : indexName != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        } else if ("SPECIFIC_ATTRIBUTES".equals(select) && projection == null && attributesToGet == null) {
            throw DynamoDbException.validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get"
                    + " SPECIFIC_ATTRIBUTES");
        } else if (!"SPECIFIC_ATTRIBUTES".equals(select) && (projection != null || attributesToGet != null)) {
            throw DynamoDbException.validation("Cannot specify the ProjectionExpression when choosing to get only the "
                    + ("COUNT".equals(select) ? "Count" : select));
        }
        if ("ALL_PROJECTED_ATTRIBUTES".equals(select) && indexName == null) {
            throw DynamoDbException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        Table table = stores.table(store, tableName);
        Table.Index index = null;
        KeySchema searchKey = table.key();
        if (indexName != null) {
            index = table.index(indexName);
            if (index == null) {
                throw DynamoDbException.validation("The table does not have the specified index: " + indexName);
            }
            searchKey = index.definition().key();
            if (index.definition().global() && Boolean.TRUE.equals(p.bool("ConsistentRead"))) {
                throw DynamoDbException.validation("Consistent reads are not supported on global secondary indexes");
            }
            if ("ALL_ATTRIBUTES".equals(select) && index.definition().global()
                    && !"ALL".equals(index.definition().projectionType())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported"
                        + " for global secondary index " + indexName + " because its projection type is not ALL");
            }
        }
        KeyCondition keyCondition = null;
        if (query) {
            String text = p.string("KeyConditionExpression");
            if (text == null) {
                throw DynamoDbException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the"
                        + " request.");
            }
            keyCondition = Expressions.parseKeyCondition(text, expressions.context, searchKey.hashName(), searchKey.rangeName());
            checkKeyType(keyCondition.hashValue(), searchKey.hashType());
            if (keyCondition.range() != null) {
                checkKeyType(keyCondition.range().first(), searchKey.rangeType());
                if (keyCondition.range().second() != null) {
                    checkKeyType(keyCondition.range().second(), searchKey.rangeType());
                }
            }
            if (filter != null) {
                for (String key : searchKey.hasRange() ? List.of(searchKey.hashName(), searchKey.rangeName())
                        : List.of(searchKey.hashName())) {
                    if (filter.attributes().contains(key)) {
                        throw DynamoDbException.validation("Filter Expression can only contain non-primary key attributes: "
                                + "Primary key attribute: " + key);
                    }
                }
            }
        }
        expressions.checkAllUsed();
        Map<String, AttributeValue> exclusiveStart = p.attributeMap("ExclusiveStartKey");
        long limit = p.number("Limit") == null ? Long.MAX_VALUE : p.number("Limit");
        boolean forward = !Boolean.FALSE.equals(p.bool("ScanIndexForward"));
        boolean consistent = Boolean.TRUE.equals(p.bool("ConsistentRead"));

        Page page = new Page();
        if (index == null) {
            NavigableMap<ItemKey, StoredItem> source = table.items();
            ItemKey start = exclusiveStart == null ? null : startKey(table.key(), exclusiveStart);
            if (query) {
                ItemKey lo = new ItemKey(ItemKey.tokenOf(keyCondition.hashValue()), keyCondition.hashValue(), null);
                ItemKey hi = new ItemKey(lo.token(), keyCondition.hashValue(), ItemKey.Bound.MAX);
                if (start != null && (start.token() != lo.token() || AttributeValues.compare(start.hash(), lo.hash()) != 0)) {
                    throw DynamoDbException.validation("The provided starting key is invalid: The provided key element does not match the"
                            + " schema");
                }
                source = source.subMap(lo, true, hi, true);
                if (!forward) {
                    source = source.descendingMap();
                }
            } else if (segment != null) {
                source = segment(source, segment, totalSegments, ItemKey::lowest);
                if (start != null && !source.isEmpty() && !inSegment(start.token(), segment, totalSegments)) {
                    throw DynamoDbException.validation("The provided Exclusive start key does not map to the provided segment");
                }
            }
            if (start != null) {
                source = source.tailMap(start, false);
            }
            RangeCondition range = query ? keyCondition.range() : null;
            for (Map.Entry<ItemKey, StoredItem> e : source.entrySet()) {
                if (range != null && !range.matches(e.getKey().range())) {
                    continue;
                }
                if (!page.add(e.getValue(), limit)) {
                    break;
                }
                page.last = table.key().toMap(e.getKey());
                if (page.full(limit)) {
                    break;
                }
            }
        } else {
            NavigableMap<Table.IndexKey, StoredItem> source = index.entries();
            KeySchema ik = index.definition().key();
            Table.IndexKey start = null;
            if (exclusiveStart != null) {
                start = indexStartKey(table.key(), ik, exclusiveStart);
            }
            if (query) {
                int token = ItemKey.tokenOf(keyCondition.hashValue());
                Table.IndexKey lo = new Table.IndexKey(new ItemKey(token, keyCondition.hashValue(), null), null);
                Table.IndexKey hi = new Table.IndexKey(new ItemKey(token, keyCondition.hashValue(), ItemKey.Bound.MAX), null);
                source = source.subMap(lo, true, hi, true);
                if (!forward) {
                    source = source.descendingMap();
                }
            } else if (segment != null) {
                source = segment(source, segment, totalSegments, t -> new Table.IndexKey(ItemKey.lowest(t), null));
            }
            if (start != null) {
                source = source.tailMap(start, false);
            }
            RangeCondition range = query ? keyCondition.range() : null;
            for (Map.Entry<Table.IndexKey, StoredItem> e : source.entrySet()) {
                if (range != null && !range.matches(e.getKey().index().range())) {
                    continue;
                }
                if (!page.add(e.getValue(), limit)) {
                    break;
                }
                Map<String, AttributeValue> last = table.key().toMap(e.getKey().table());
                last.put(ik.hashName(), e.getKey().index().hash());
                if (ik.hasRange()) {
                    last.put(ik.rangeName(), e.getKey().index().range());
                }
                page.last = last;
                if (page.full(limit)) {
                    break;
                }
            }
        }
        return write(p, table, index, page, filter, projection, attributesToGet, select, consistent, limit);
    }

    private static void checkKeyType(AttributeValue value, String type) {
        if (value != null && !value.type().equals(type)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Condition parameter type does not match schema"
                    + " type");
        }
    }

    private static <K> NavigableMap<K, StoredItem> segment(NavigableMap<K, StoredItem> source, long segment, long total,
            java.util.function.IntFunction<K> lowest) {
        long from = (segment << 32) / total;
        long to = ((segment + 1) << 32) / total;
        K lo = lowest.apply((int) from);
        if (to >= (1L << 32)) {
            return source.tailMap(lo, true);
        }
        return source.subMap(lo, true, lowest.apply((int) to), false);
    }

    private static boolean inSegment(int token, long segment, long total) {
        long unsigned = Integer.toUnsignedLong(token);
        return unsigned >= (segment << 32) / total && unsigned < ((segment + 1) << 32) / total;
    }

    private static ItemKey startKey(KeySchema key, Map<String, AttributeValue> start) {
        try {
            return key.keyOf(start);
        } catch (DynamoDbException e) {
            throw DynamoDbException.validation("The provided starting key is invalid: " + e.getMessage());
        }
    }

    private static Table.IndexKey indexStartKey(KeySchema tableKey, KeySchema indexKey, Map<String, AttributeValue> start) {
        Map<String, AttributeValue> tablePart = new LinkedHashMap<>();
        tablePart.put(tableKey.hashName(), start.get(tableKey.hashName()));
        if (tableKey.hasRange()) {
            tablePart.put(tableKey.rangeName(), start.get(tableKey.rangeName()));
        }
        Map<String, AttributeValue> indexPart = new LinkedHashMap<>();
        indexPart.put(indexKey.hashName(), start.get(indexKey.hashName()));
        if (indexKey.hasRange()) {
            indexPart.put(indexKey.rangeName(), start.get(indexKey.rangeName()));
        }
        if (tablePart.containsValue(null) || indexPart.containsValue(null)) {
            throw DynamoDbException.validation("The provided starting key is invalid: The provided key element does not match the schema");
        }
        return new Table.IndexKey(startKey(indexKey, indexPart), startKey(tableKey, tablePart));
    }

    private byte[] write(Params p, Table table, Table.Index index, Page page, Condition filter, Projection projection,
            List<String> attributesToGet, String select, boolean consistent, long limit) {
        String capacityMode = p.string("ReturnConsumedCapacity");
        boolean count = "COUNT".equals(select);
        boolean narrowed = index != null && !"ALL".equals(index.definition().projectionType())
                && !("ALL_ATTRIBUTES".equals(select) && !index.definition().global());
        return Json.write(g -> {
            g.writeStartObject();
            int matched = 0;
            if (!count) {
                g.writeArrayFieldStart("Items");
            }
            for (StoredItem item : page.items) {
                boolean raw = filter == null && projection == null && attributesToGet == null && !narrowed;
                if (raw) {
                    matched++;
                    if (!count) {
                        g.writeRawValue(new String(item.json(), StandardCharsets.UTF_8));
                    }
                    continue;
                }
                Map<String, AttributeValue> attrs = item.attributes();
                if (narrowed) {
                    attrs = index.definition().project(attrs, table.key());
                }
                if (filter != null && !filter.test(attrs)) {
                    continue;
                }
                matched++;
                if (!count) {
                    writeItem(g, projection != null ? projection.apply(attrs)
                            : attributesToGet != null ? RequestExpressions.attributesToGet(attrs, attributesToGet) : attrs);
                }
            }
            if (!count) {
                g.writeEndArray();
            }
            g.writeNumberField("Count", matched);
            g.writeNumberField("ScannedCount", page.items.size());
            if (page.stopped && page.last != null) {
                g.writeFieldName("LastEvaluatedKey");
                AttributeValues.writeItem(g, page.last);
            }
            if (Capacity.wanted(capacityMode)) {
                Capacity c = new Capacity(table.name(), true);
                double units = Capacity.readUnits(page.bytes, consistent);
                if (index == null) {
                    c.addTable(units);
                } else {
                    c.addIndex(index.definition().name(), index.definition().global(), units);
                }
                g.writeFieldName("ConsumedCapacity");
                c.write(g, capacityMode);
            }
            g.writeEndObject();
        });
    }

    private static void writeItem(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
        AttributeValues.writeItem(g, item);
    }

    /** The items one page read, and why it stopped. */
    private static final class Page {
        final List<StoredItem> items = new ArrayList<>();
        long bytes;
        boolean stopped;
        Map<String, AttributeValue> last;

        boolean add(StoredItem item, long limit) {
            items.add(item);
            bytes += item.size();
            return true;
        }

        boolean full(long limit) {
            if (items.size() >= limit || bytes >= PAGE_BYTES) {
                stopped = true;
                return true;
            }
            return false;
        }
    }
}
