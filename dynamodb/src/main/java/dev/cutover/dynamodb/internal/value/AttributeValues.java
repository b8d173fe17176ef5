package dev.cutover.dynamodb.internal.value;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads attribute values from DynamoDB JSON ({@code {"S":"x"}}, {@code {"M":{...}}}) with DynamoDB's validation and
 * messages, and writes them back.
 */
public final class AttributeValues {

    /** DynamoDB refuses documents nested deeper than this. */
    public static final int MAX_DEPTH = 32;

    private AttributeValues() {
    }

    /** An item (attribute name to value); {@code null} or JSON null reads as an empty item. */
    public static Map<String, AttributeValue> readItem(JsonNode node) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return item;
        }
        if (!node.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            item.put(e.getKey(), read(e.getValue()));
        }
        return item;
    }

    public static AttributeValue read(JsonNode node) {
        return read(node, 0);
    }

    private static AttributeValue read(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw DynamoDbException.validation("Nesting Levels have exceeded supported limits");
        }
        if (node == null || node.isNull()) {
            throw DynamoDbException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (!node.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        String type = null;
        JsonNode value = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!isType(e.getKey()) || e.getValue().isNull()) {
                continue; // unknown members are ignored, as the service's deserializer does
            }
            if (type != null) {
                throw DynamoDbException.validation(
                        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
            }
            type = e.getKey();
            value = e.getValue();
        }
        if (type == null) {
            throw DynamoDbException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        switch (type) {
            case "S":
                return new StringValue(text(value, "String"));
            case "N":
                return NumberValue.parse(text(value, "String"));
            case "B":
                return new BinaryValue(base64(value));
            case "BOOL":
                if (!value.isBoolean()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload");
                }
                return value.booleanValue() ? BoolValue.TRUE : BoolValue.FALSE;
            case "NULL":
                if (!value.isBoolean()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload");
                }
                if (!value.booleanValue()) {
                    throw DynamoDbException.validation(
                            "One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                return NullValue.INSTANCE;
            case "SS":
                return stringSet(array(value));
            case "NS":
                return numberSet(array(value));
            case "BS":
                return binarySet(array(value));
            case "M": {
                if (!value.isObject()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload");
                }
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), read(e.getValue(), depth + 1));
                }
                return new MapValue(map);
            }
            case "L": {
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : array(value)) {
                    list.add(read(element, depth + 1));
                }
                return new ListValue(list);
            }
            default:
                throw new IllegalStateException(type);
        }
    }

    private static boolean isType(String key) {
        switch (key) {
            case "S":
            case "N":
            case "B":
            case "SS":
            case "NS":
            case "BS":
            case "M":
            case "L":
            case "BOOL":
            case "NULL":
                return true;
            default:
                return false;
        }
    }

    private static String text(JsonNode value, String expected) {
        if (!value.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return value.textValue();
    }

    private static JsonNode array(JsonNode value) {
        if (!value.isArray()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return value;
    }

    private static byte[] base64(JsonNode value) {
        String text = text(value, "Blob");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw DynamoDbException.serialization("Base64 encoded length is expected a multiple of 4 bytes but found: "
                    + text.length());
        }
    }

    private static StringSetValue stringSet(JsonNode array) {
        if (array.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: An string set  may not be empty");
        }
        Set<String> values = new LinkedHashSet<>();
        List<String> given = new ArrayList<>();
        for (JsonNode n : array) {
            String s = text(n, "String");
            given.add(s);
            values.add(s);
        }
        if (values.size() != given.size()) {
            throw duplicates(given);
        }
        return new StringSetValue(values);
    }

    private static NumberSetValue numberSet(JsonNode array) {
        if (array.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: An number set  may not be empty");
        }
        Set<NumberValue> values = new LinkedHashSet<>();
        List<String> given = new ArrayList<>();
        for (JsonNode n : array) {
            String s = text(n, "String");
            given.add(s);
            values.add(NumberValue.parse(s));
        }
        if (values.size() != given.size()) {
            throw duplicates(given);
        }
        return new NumberSetValue(values);
    }

    private static BinarySetValue binarySet(JsonNode array) {
        if (array.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Binary sets should not be empty");
        }
        Set<BinaryValue> values = new LinkedHashSet<>();
        List<String> given = new ArrayList<>();
        for (JsonNode n : array) {
            given.add(n.asText());
            values.add(new BinaryValue(base64(n)));
        }
        if (values.size() != given.size()) {
            throw duplicates(given);
        }
        return new BinarySetValue(values);
    }

    private static DynamoDbException duplicates(List<String> given) {
        return DynamoDbException.validation("One or more parameter values were invalid: Input collection " + given
                + " contains duplicates.");
    }

    /** Writes {@code {"name": {...}, ...}}. */
    public static void writeItem(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            g.writeFieldName(e.getKey());
            write(g, e.getValue());
        }
        g.writeEndObject();
    }

    public static void write(JsonGenerator g, AttributeValue value) throws IOException {
        g.writeStartObject();
        g.writeFieldName(value.type());
        if (value instanceof StringValue s) {
            g.writeString(s.value());
        } else if (value instanceof NumberValue n) {
            g.writeString(n.text());
        } else if (value instanceof BinaryValue b) {
            g.writeString(b.base64());
        } else if (value instanceof BoolValue b) {
            g.writeBoolean(b.value());
        } else if (value instanceof NullValue) {
            g.writeBoolean(true);
        } else if (value instanceof StringSetValue ss) {
            g.writeStartArray();
            for (String s : ss.values()) {
                g.writeString(s);
            }
            g.writeEndArray();
        } else if (value instanceof NumberSetValue ns) {
            g.writeStartArray();
            for (NumberValue n : ns.values()) {
                g.writeString(n.text());
            }
            g.writeEndArray();
        } else if (value instanceof BinarySetValue bs) {
            g.writeStartArray();
            for (BinaryValue b : bs.values()) {
                g.writeString(b.base64());
            }
            g.writeEndArray();
        } else if (value instanceof MapValue m) {
            writeItem(g, m.values());
        } else if (value instanceof ListValue l) {
            g.writeStartArray();
            for (AttributeValue v : l.values()) {
                write(g, v);
            }
            g.writeEndArray();
        } else {
            throw new IllegalStateException("unknown attribute value " + value);
        }
        g.writeEndObject();
    }

    /** The item's size as DynamoDB counts it: names plus values. */
    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += StringValue.utf8Length(e.getKey()) + e.getValue().size();
        }
        return size;
    }

    /**
     * Orders two scalar values of the same type as DynamoDB's comparators do (numbers by value, strings and binaries
     * byte-wise unsigned); returns null when they are not comparable (different types, or not S, N or B).
     */
    public static Integer compare(AttributeValue a, AttributeValue b) {
        if (a instanceof NumberValue x && b instanceof NumberValue y) {
            return x.compareTo(y);
        }
        if (a instanceof StringValue x && b instanceof StringValue y) {
            return x.compareTo(y);
        }
        if (a instanceof BinaryValue x && b instanceof BinaryValue y) {
            return x.compareTo(y);
        }
        return null;
    }
}
