package dev.cutover.config;

import java.util.Optional;

/** A global secondary index an operation may query. */
public record TableIndex(String name, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
}
