package dev.cutover.migrations.dynamodb.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items as DynamoDB JSON ({"id": {"S": "a"}}), the format of dead-letter files and checkpoints.
 *
 * <p>{@link #canonical} is also the input of item digests: attribute names sorted, set members
 * sorted, numbers normalized (1.50 and 1.5 are the same number), so equal items give equal bytes
 * whatever order the SDK returned them in.
 */
public final class ItemJson {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private ItemJson() {
    }

    public static String canonical(Map<String, AttributeValue> item) {
        StringBuilder out = new StringBuilder(256);
        writeMap(item, out);
        return out.toString();
    }

    private static void writeMap(Map<String, AttributeValue> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, AttributeValue> e : new TreeMap<>(map).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(e.getKey(), out);
            out.append(':');
            writeValue(e.getValue(), out);
        }
        out.append('}');
    }

    private static void writeValue(AttributeValue v, StringBuilder out) {
        switch (v.type()) {
            case S -> {
                out.append("{\"S\":");
                string(v.s(), out);
                out.append('}');
            }
            case N -> {
                out.append("{\"N\":");
                string(normalizeNumber(v.n()), out);
                out.append('}');
            }
            case B -> {
                out.append("{\"B\":");
                string(base64(v.b()), out);
                out.append('}');
            }
            case BOOL -> out.append("{\"BOOL\":").append(v.bool()).append('}');
            case NUL -> out.append("{\"NULL\":true}");
            case SS -> stringSet("SS", v.ss().stream().sorted().toList(), out);
            case NS -> stringSet("NS", v.ns().stream().map(ItemJson::normalizeNumber)
                    .sorted((a, b) -> new BigDecimal(a).compareTo(new BigDecimal(b))).toList(), out);
            case BS -> stringSet("BS", v.bs().stream().map(ItemJson::base64).sorted().toList(), out);
            case L -> {
                out.append("{\"L\":[");
                for (int i = 0; i < v.l().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeValue(v.l().get(i), out);
                }
                out.append("]}");
            }
            case M -> {
                out.append("{\"M\":");
                writeMap(v.m(), out);
                out.append('}');
            }
            default -> throw new IllegalArgumentException("unknown DynamoDB attribute value type: " + v.type());
        }
    }

    private static void stringSet(String tag, List<String> members, StringBuilder out) {
        out.append("{\"").append(tag).append("\":[");
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(members.get(i), out);
        }
        out.append("]}");
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        ENCODER.quoteAsString(s, out);
        out.append('"');
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    static String normalizeNumber(String n) {
        BigDecimal d = new BigDecimal(n.trim()).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** Parses DynamoDB JSON (as written by {@link #canonical}) back into an item. */
    public static Map<String, AttributeValue> parseItem(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an item must be a JSON object of attribute name to typed value, but was " + node);
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            item.put(e.getKey(), parseValue(e.getKey(), e.getValue()));
        }
        return item;
    }

    private static AttributeValue parseValue(String name, JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("attribute '" + name + "' must be an object with exactly one type key (S, N, B, ...),"
                    + " but was " + node);
        }
        String tag = node.fieldNames().next();
        JsonNode v = node.get(tag);
        return switch (tag) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" -> AttributeValue.fromBs(texts(v).stream().map(s -> SdkBytes.fromByteArray(Base64.getDecoder().decode(s))).toList());
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : v) {
                    list.add(parseValue(name, element));
                }
                yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(parseItem(v));
            default -> throw new IllegalArgumentException("attribute '" + name + "' has unknown type '" + tag + "'");
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }
}
