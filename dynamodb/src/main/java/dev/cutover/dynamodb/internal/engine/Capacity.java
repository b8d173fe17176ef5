package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Consumed capacity as DynamoDB rounds it: a read unit per 4 KB (half for an eventually consistent read), a write unit per
 * 1 KB, twice for transactions; Query and Scan add the sizes of all items read before rounding. Collected per request and
 * written as ReturnConsumedCapacity asks (NONE, TOTAL or INDEXES).
 */
final class Capacity {

    private final String tableName;
    private final boolean read;
    private double table;
    private final Map<String, Double> globalIndexes = new LinkedHashMap<>();
    private final Map<String, Double> localIndexes = new LinkedHashMap<>();

    Capacity(String tableName, boolean read) {
        this.tableName = tableName;
        this.read = read;
    }

    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    static double writeUnits(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    void addTable(double units) {
        table += units;
    }

    void addIndex(String name, boolean global, double units) {
        (global ? globalIndexes : localIndexes).merge(name, units, Double::sum);
    }

    /** Counts a write on the table and on each index whose entry it adds, changes or removes. */
    void addWrite(Table t, long oldSize, long newSize, Map<String, dev.cutover.dynamodb.internal.value.AttributeValue> before,
            Map<String, dev.cutover.dynamodb.internal.value.AttributeValue> after, double factor) {
        table += writeUnits(Math.max(oldSize, newSize)) * factor;
        for (Table.Index index : t.indexes()) {
            boolean was = before != null && index.keyOf(before) != null;
            boolean is = after != null && index.keyOf(after) != null;
            if (was || is) {
                addIndex(index.definition().name(), index.definition().global(), writeUnits(Math.max(oldSize, newSize)) * factor);
            }
        }
    }

    double total() {
        double total = table;
        for (double v : globalIndexes.values()) {
            total += v;
        }
        for (double v : localIndexes.values()) {
            total += v;
        }
        return total;
    }

    /** Writes one ConsumedCapacity object, or nothing for NONE. */
    void write(JsonGenerator g, String mode) throws IOException {
        g.writeStartObject();
        g.writeStringField("TableName", tableName);
        g.writeNumberField("CapacityUnits", total());
        g.writeNumberField(read ? "ReadCapacityUnits" : "WriteCapacityUnits", total());
        if ("INDEXES".equals(mode)) {
            g.writeObjectFieldStart("Table");
            g.writeNumberField(read ? "ReadCapacityUnits" : "WriteCapacityUnits", table);
            g.writeNumberField("CapacityUnits", table);
            g.writeEndObject();
            writeIndexes(g, "LocalSecondaryIndexes", localIndexes);
            writeIndexes(g, "GlobalSecondaryIndexes", globalIndexes);
        }
        g.writeEndObject();
    }

    private void writeIndexes(JsonGenerator g, String field, Map<String, Double> indexes) throws IOException {
        if (indexes.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Double> e : indexes.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField(read ? "ReadCapacityUnits" : "WriteCapacityUnits", e.getValue());
            g.writeNumberField("CapacityUnits", e.getValue());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static boolean wanted(String mode) {
        return "TOTAL".equals(mode) || "INDEXES".equals(mode);
    }
}
