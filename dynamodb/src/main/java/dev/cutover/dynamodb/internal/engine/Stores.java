package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.DynamoDbException;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** Every account's and region's store, created on first use, and table lookup by name or ARN. */
final class Stores {

    private final ConcurrentHashMap<String, AccountStore> stores = new ConcurrentHashMap<>();
    private final Clock clock;

    Stores(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    AccountStore store(String account, String region) {
        return stores.computeIfAbsent(account + "|" + region, k -> new AccountStore(account, region));
    }

    Collection<AccountStore> all() {
        return stores.values();
    }

    /**
     * The table a request names: a plain name in the caller's own store, or a table ARN (which may name another account:
     * the edge has already decided whether the caller may reach it).
     */
    Table table(AccountStore callerStore, String nameOrArn) {
        Table table = find(callerStore, nameOrArn);
        if (table == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found");
        }
        return table;
    }

    Table find(AccountStore callerStore, String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            String[] parts = nameOrArn.split(":", 6);
            if (parts.length < 6 || !parts[5].startsWith("table/")) {
                throw DynamoDbException.validation("Invalid TableArn: " + nameOrArn);
            }
            String name = parts[5].substring("table/".length());
            int slash = name.indexOf('/');
            if (slash >= 0) {
                name = name.substring(0, slash);
            }
            return store(parts[4], parts[3]).table(name);
        }
        return callerStore.table(nameOrArn);
    }
}
