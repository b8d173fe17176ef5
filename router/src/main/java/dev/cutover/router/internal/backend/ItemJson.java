package dev.cutover.router.internal.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB items as plain JSON, the same whichever account served them: S as strings, N as numbers,
 * BOOL, NULL, M as objects, L as arrays, SS/NS as arrays, B/BS as base64 strings.
 */
public final class ItemJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ItemJson() {
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode out = NODES.objectNode();
        item.forEach((name, value) -> out.set(name, value(value)));
        return out;
    }

    static JsonNode value(AttributeValue v) {
        switch (v.type()) {
            case S:
                return NODES.textNode(v.s());
            case N:
                return NODES.numberNode(new BigDecimal(v.n()));
            case BOOL:
                return NODES.booleanNode(v.bool());
            case NUL:
                return NODES.nullNode();
            case M:
                return item(v.m());
            case L: {
                ArrayNode a = NODES.arrayNode();
                v.l().forEach(e -> a.add(value(e)));
                return a;
            }
            case SS: {
                ArrayNode a = NODES.arrayNode();
                v.ss().forEach(a::add);
                return a;
            }
            case NS: {
                ArrayNode a = NODES.arrayNode();
                v.ns().forEach(n -> a.add(new BigDecimal(n)));
                return a;
            }
            case B:
                return NODES.textNode(Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BS: {
                ArrayNode a = NODES.arrayNode();
                v.bs().forEach(b -> a.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                return a;
            }
            default:
                return NODES.nullNode();
        }
    }
}
