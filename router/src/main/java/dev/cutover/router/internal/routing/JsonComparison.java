package dev.cutover.router.internal.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two JSON answers the way a shadow read must: object key order and array order do not
 * matter, numbers compare by value (1.0 equals 1), and the fields in {@code ignored} (volatile ones
 * such as a parameter version or an updatedAt stamp) are dropped: a plain name at any depth, a dotted
 * path ({@code item.updatedAt}) only there, where a path through an array applies to each element
 * ({@code items.updatedAt}).
 */
public final class JsonComparison {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonComparison() {
    }

    /** Paths (up to two levels, e.g. "item.price") where the answers differ; empty when they match. */
    public static List<String> differences(JsonNode a, JsonNode b, Set<String> ignored) {
        List<String> out = new ArrayList<>();
        diff("", canonical(a, ignored, ""), canonical(b, ignored, ""), 0, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, int depth, List<String> out) {
        if (a.equals(b)) {
            return;
        }
        if (depth < 2 && a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path.isEmpty() ? name : path + "." + name, a.path(name), b.path(name), depth + 1, out);
            }
            return;
        }
        out.add(path.isEmpty() ? "$" : path);
    }

    /** Sorted keys, sorted arrays, normalised numbers, ignored fields removed; {@code path} is where {@code node} is. */
    static JsonNode canonical(JsonNode node, Set<String> ignored, String path) {
        if (node == null) {
            return NODES.missingNode();
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(Comparator.naturalOrder());
            for (String name : names) {
                String at = path.isEmpty() ? name : path + "." + name;
                if (!ignored.contains(name) && !ignored.contains(at)) {
                    out.set(name, canonical(node.get(name), ignored, at));
                }
            }
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                elements.add(canonical(it.next(), ignored, path));
            }
            elements.sort(Comparator.comparing(JsonNode::toString));
            ArrayNode out = NODES.arrayNode();
            elements.forEach(out::add);
            return out;
        }
        if (node.isNumber()) {
            return NODES.numberNode(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }
}
