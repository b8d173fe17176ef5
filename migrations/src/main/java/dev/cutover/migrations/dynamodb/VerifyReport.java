package dev.cutover.migrations.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.migrations.internal.Json;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@code verify}: counts and digests per key range on both sides and, where ranges
 * differ, the keys that do (as canonical DynamoDB JSON), a few samples of each kind.
 *
 * @param ranges how many key ranges (hash buckets) were compared
 * @param differingRanges how many of them differ
 * @param missing keys in the source but not the target
 * @param extra keys in the target but not the source
 * @param different keys on both sides whose items differ
 */
public record VerifyReport(
        String sourceTable,
        String targetTable,
        long sourceItems,
        long targetItems,
        int ranges,
        int differingRanges,
        long missing,
        long extra,
        long different,
        List<String> missingSamples,
        List<String> extraSamples,
        List<String> differentSamples,
        Duration duration) {

    public VerifyReport {
        missingSamples = List.copyOf(missingSamples);
        extraSamples = List.copyOf(extraSamples);
        differentSamples = List.copyOf(differentSamples);
    }

    public boolean isEqual() {
        return differingRanges == 0 && sourceItems == targetItems;
    }

    public String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("equal", isEqual());
        n.put("sourceTable", sourceTable);
        n.put("targetTable", targetTable);
        n.put("sourceItems", sourceItems);
        n.put("targetItems", targetItems);
        n.put("ranges", ranges);
        n.put("differingRanges", differingRanges);
        n.put("missing", missing);
        n.put("extra", extra);
        n.put("different", different);
        ArrayNode m = n.putArray("missingSamples");
        missingSamples.forEach(m::add);
        ArrayNode e = n.putArray("extraSamples");
        extraSamples.forEach(e::add);
        ArrayNode d = n.putArray("differentSamples");
        differentSamples.forEach(d::add);
        n.put("durationMillis", duration.toMillis());
        return n.toPrettyString();
    }
}
