package dev.cutover.dynamodb.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The tables of one account in one region: nothing is shared between stores. */
final class AccountStore {

    private final String account;
    private final String region;
    private final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();
    /** ClientRequestToken of TransactWriteItems → (request hash, when), for the 10-minute idempotency window. */
    private final ConcurrentHashMap<String, Transactions.TokenUse> tokens = new ConcurrentHashMap<>();

    AccountStore(String account, String region) {
        this.account = account;
        this.region = region;
    }

    String account() {
        return account;
    }

    String region() {
        return region;
    }

    String tableArn(String name) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
    }

    Table table(String name) {
        return tables.get(name);
    }

    Table putIfAbsent(String name, Table table) {
        return tables.putIfAbsent(name, table);
    }

    boolean remove(String name, Table table) {
        return tables.remove(name, table);
    }

    ConcurrentSkipListMap<String, Table> tables() {
        return tables;
    }

    List<Table> snapshot() {
        return new ArrayList<>(tables.values());
    }

    ConcurrentHashMap<String, Transactions.TokenUse> tokens() {
        return tokens;
    }
}
