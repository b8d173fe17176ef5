package dev.cutover.migrations.dynamodb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The declarative transform: rename top-level attributes (also key attributes: that is the key
 * mapping between differently keyed tables) and drop others. From options such as
 * {@code --rename owner=ownerId --drop legacyFlag}.
 *
 * @param renames source attribute name to target attribute name
 * @param drops source attribute names left out of the target
 */
public record AttributeRenames(Map<String, String> renames, Set<String> drops) implements ItemTransform {

    public AttributeRenames {
        renames = Map.copyOf(new TreeMap<>(renames));
        drops = Set.copyOf(new TreeSet<>(drops));
        for (Map.Entry<String, String> e : renames.entrySet()) {
            if (e.getKey().isBlank() || e.getValue().isBlank()) {
                throw new IllegalArgumentException("rename '" + e.getKey() + "=" + e.getValue() + "' needs a name on both sides of '='");
            }
            if (drops.contains(e.getKey())) {
                throw new IllegalArgumentException("attribute '" + e.getKey() + "' is both renamed and dropped; choose one");
            }
        }
        long distinctTargets = renames.values().stream().distinct().count();
        if (distinctTargets != renames.size()) {
            throw new IllegalArgumentException("two attributes are renamed to the same name: " + renames);
        }
    }

    /** Parses "from=to" pairs and names to drop, naming the bad entry when one is malformed. */
    public static AttributeRenames parse(List<String> renamePairs, List<String> dropNames) {
        Map<String, String> renames = new LinkedHashMap<>();
        for (String pair : renamePairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("rename must look like 'sourceName=targetName', but was '" + pair + "'");
            }
            if (renames.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("attribute '" + pair.substring(0, eq) + "' is renamed twice");
            }
        }
        return new AttributeRenames(renames, new TreeSet<>(dropNames));
    }

    public boolean isEmpty() {
        return renames.isEmpty() && drops.isEmpty();
    }

    @Override
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        if (isEmpty()) {
            return item;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>(item.size());
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (drops.contains(e.getKey())) {
                continue;
            }
            out.put(renames.getOrDefault(e.getKey(), e.getKey()), e.getValue());
        }
        return out;
    }

    @Override
    public String targetAttributeName(String sourceAttributeName) {
        if (drops.contains(sourceAttributeName)) {
            return null;
        }
        return renames.getOrDefault(sourceAttributeName, sourceAttributeName);
    }

    @Override
    public String describe() {
        return "renames" + new TreeMap<>(renames) + " drops" + new TreeSet<>(drops);
    }
}
