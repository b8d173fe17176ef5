package dev.cutover.migrations.dynamodb.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's item size rules, close enough to price writes in WCU: names plus values, numbers ~ digits/2 + 1. */
public final class ItemSize {
    private ItemSize() {
    }

    public static long bytes(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    /** Write capacity units of one standard write: one per started KB. */
    public static int writeUnits(Map<String, AttributeValue> item) {
        return (int) Math.max(1, (bytes(item) + 1023) / 1024);
    }

    private static long value(AttributeValue v) {
        return switch (v.type()) {
            case S -> utf8(v.s());
            case N -> v.n().length() / 2 + 1;
            case B -> v.b().asByteArrayUnsafe().length;
            case BOOL, NUL -> 1;
            case SS -> v.ss().stream().mapToLong(ItemSize::utf8).sum();
            case NS -> v.ns().stream().mapToLong(n -> n.length() / 2 + 1).sum();
            case BS -> v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
            case L -> 3 + v.l().stream().mapToLong(x -> 1 + value(x)).sum();
            case M -> 3 + v.m().entrySet().stream().mapToLong(x -> 1 + utf8(x.getKey()) + value(x.getValue())).sum();
            default -> 0;
        };
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
