package dev.cutover.migrations.dynamodb.internal;

import java.util.Map;
import java.util.Optional;

/**
 * What preflight learned about a table from DescribeTable.
 *
 * @param keyTypes key attribute name to its scalar type (S, N or B)
 */
public record TableInfo(String name, String arn, String partitionKey, Optional<String> sortKey, Map<String, String> keyTypes,
        long itemCount, long sizeBytes) {
    public TableInfo {
        keyTypes = Map.copyOf(keyTypes);
    }

    public String describeKeys() {
        return partitionKey + " (" + keyTypes.get(partitionKey) + ")" + sortKey.map(s -> ", sort key " + s + " (" + keyTypes.get(s) + ")")
                .orElse("");
    }
}
