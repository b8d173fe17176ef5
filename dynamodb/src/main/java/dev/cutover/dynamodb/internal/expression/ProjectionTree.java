package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.ListValue;
import dev.cutover.dynamodb.internal.value.MapValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The union of some document paths as a tree, applied to an item to keep just those parts with their nesting: map
 * keys under maps, list elements (in index order, compacted) under lists. Built once, read-only afterwards.
 */
final class ProjectionTree {

    private final Map<String, ProjectionTree> fields = new LinkedHashMap<>();
    private final Map<Integer, ProjectionTree> indexes = new TreeMap<>();
    private boolean leaf;

    static ProjectionTree of(List<DocumentPath> paths) {
        ProjectionTree root = new ProjectionTree();
        for (DocumentPath path : paths) {
            ProjectionTree node = root;
            for (int i = 0; i < path.length(); i++) {
                Object e = path.element(i);
                node = e instanceof Integer index
                        ? node.indexes.computeIfAbsent(index, k -> new ProjectionTree())
                        : node.fields.computeIfAbsent((String) e, k -> new ProjectionTree());
            }
            node.leaf = true;
        }
        return root;
    }

    Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        for (Map.Entry<String, ProjectionTree> e : fields.entrySet()) {
            AttributeValue v = item.get(e.getKey());
            if (v != null) {
                AttributeValue projected = e.getValue().project(v);
                if (projected != null) {
                    result.put(e.getKey(), projected);
                }
            }
        }
        return result;
    }

    private AttributeValue project(AttributeValue value) {
        if (leaf) {
            return value;
        }
        if (!fields.isEmpty() && value instanceof MapValue map) {
            Map<String, AttributeValue> kept = apply(map.values());
            return kept.isEmpty() ? null : new MapValue(kept);
        }
        if (!indexes.isEmpty() && value instanceof ListValue list) {
            List<AttributeValue> kept = new ArrayList<>();
            for (Map.Entry<Integer, ProjectionTree> e : indexes.entrySet()) {
                if (e.getKey() < list.values().size()) {
                    AttributeValue projected = e.getValue().project(list.values().get(e.getKey()));
                    if (projected != null) {
                        kept.add(projected);
                    }
                }
            }
            return kept.isEmpty() ? null : new ListValue(kept);
        }
        return null;
    }
}
