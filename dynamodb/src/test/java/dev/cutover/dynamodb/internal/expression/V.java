package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.BinaryValue;
import dev.cutover.dynamodb.internal.value.BoolValue;
import dev.cutover.dynamodb.internal.value.ListValue;
import dev.cutover.dynamodb.internal.value.MapValue;
import dev.cutover.dynamodb.internal.value.NumberSetValue;
import dev.cutover.dynamodb.internal.value.NumberValue;
import dev.cutover.dynamodb.internal.value.StringSetValue;
import dev.cutover.dynamodb.internal.value.StringValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Terse value builders for the expression tests. */
final class V {

    private V() {
    }

    static StringValue s(String s) {
        return new StringValue(s);
    }

    static NumberValue n(String n) {
        return NumberValue.parse(n);
    }

    static BinaryValue b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return new BinaryValue(out);
    }

    static BoolValue bool(boolean b) {
        return new BoolValue(b);
    }

    static StringSetValue ss(String... members) {
        return new StringSetValue(new LinkedHashSet<>(Arrays.asList(members)));
    }

    static NumberSetValue ns(String... members) {
        LinkedHashSet<NumberValue> set = new LinkedHashSet<>();
        for (String m : members) {
            set.add(n(m));
        }
        return new NumberSetValue(set);
    }

    static ListValue l(AttributeValue... values) {
        return new ListValue(List.of(values));
    }

    static MapValue m(Object... keyValues) {
        return new MapValue(map(keyValues));
    }

    /** An item (or any name-to-value map) from alternating names and values. */
    static Map<String, AttributeValue> map(Object... keyValues) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], (AttributeValue) keyValues[i + 1]);
        }
        return map;
    }

    static Map<String, String> names(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
