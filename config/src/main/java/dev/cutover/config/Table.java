package dev.cutover.config;

import java.util.List;
import java.util.Optional;

/** A DynamoDB table on one side, with the key schema both sides must share. */
public record Table(String name, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey, List<TableIndex> indexes) {
    public Table {
        indexes = List.copyOf(indexes);
    }

    public Optional<TableIndex> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }
}
