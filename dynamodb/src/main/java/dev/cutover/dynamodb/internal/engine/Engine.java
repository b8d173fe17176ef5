package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.ObjectStore;
import dev.cutover.dynamodb.internal.streams.Stream;
import dev.cutover.dynamodb.internal.streams.StreamSettings;
import dev.cutover.dynamodb.internal.streams.StreamStore;
import dev.cutover.dynamodb.internal.streams.StreamsApi;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Dispatches one DynamoDB_20120810 call to its operation and renders errors as the service does. */
public final class Engine {

    /** DynamoDB's operations ({@code DynamoDB_20120810}). */
    public static final Set<String> TABLE_OPERATIONS = Set.of(
            "CreateTable", "DescribeTable", "UpdateTable", "DeleteTable", "ListTables",
            "TagResource", "UntagResource", "ListTagsOfResource", "DescribeTimeToLive", "UpdateTimeToLive",
            "DescribeLimits", "DescribeEndpoints",
            "GetItem", "PutItem", "DeleteItem", "UpdateItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems",
            "PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy",
            "UpdateContinuousBackups", "DescribeContinuousBackups", "ExportTableToPointInTime", "DescribeExport",
            "ImportTable", "DescribeImport");

    /** DynamoDB Streams' operations ({@code DynamoDBStreams_20120810}), served by the same engine. */
    public static final Set<String> STREAM_OPERATIONS = StreamsApi.OPERATIONS;

    /** Every operation the engine answers. */
    public static final Set<String> OPERATIONS = union(TABLE_OPERATIONS, STREAM_OPERATIONS);

    private final Stores stores;
    private final ControlPlane control;
    private final ItemOperations items;
    private final QueryScan queries;
    private final BatchOperations batches;
    private final Transactions transactions;
    private final Table.ChangeListener listener;
    private final StreamsApi streams;
    private final ResourcePolicies policies;
    private volatile Persistence persistence;
    private final ExportImport exportImport;

    public Engine(Clock clock, StreamSettings streamSettings) {
        this(clock, streamSettings, ObjectStore.none());
    }

    public Engine(Clock clock, StreamSettings streamSettings, ObjectStore objects) {
        this.stores = new Stores(clock);
        StreamStore streamStore = new StreamStore(streamSettings);
        this.streams = new StreamsApi(streamStore, clock);
        this.listener = (table, key, before, after, expired) -> {
            Stream stream = table.metadata().activeStream();
            if (stream != null) {
                stream.capture(table.key().toMap(key), before, after, expired, clock.instant());
            }
            Persistence p = persistence;
            if (p != null) {
                p.itemChanged(table, key, after);
            }
        };
        this.policies = new ResourcePolicies(stores, streamStore);
        this.control = new ControlPlane(stores, streamStore, policies);
        this.items = new ItemOperations(stores, listener);
        this.queries = new QueryScan(stores);
        this.batches = new BatchOperations(stores, listener);
        this.transactions = new Transactions(stores, listener);
        this.exportImport = new ExportImport(stores, control, objects);
    }

    /** A rendered answer: HTTP status and JSON body. */
    public record Answer(int status, byte[] body) {
    }

    public Answer handle(String account, String region, String operation, byte[] body) {
        Persistence p = persistence;
        try {
            if (p == null) {
                return new Answer(200, dispatch(stores.store(account, region), operation, body));
            }
            p.begin();
            if (Persistence.CONTROL_MUTATIONS.contains(operation)) {
                p.control(account, region, operation, body);
            }
            byte[] answer = dispatch(stores.store(account, region), operation, body);
            p.commit();
            return new Answer(200, answer);
        } catch (DynamoDbException e) {
            if (p != null) {
                try {
                    p.commit(); // whatever applied before the error (a partial batch) is acknowledged only once durable
                } catch (DynamoDbException journalFailure) {
                    return error(journalFailure);
                }
            }
            return error(e);
        }
    }

    /**
     * Restores the tables kept in {@code dir} and from now on keeps every change there (see {@link Persistence}); call once,
     * before serving.
     */
    public Persistence persistTo(java.nio.file.Path dir) throws java.io.IOException {
        if (persistence != null) {
            throw new IllegalStateException("already persisting to " + persistence.directory());
        }
        Persistence opened = Persistence.open(dir, this);
        persistence = opened;
        return opened;
    }

    Stores stores() {
        return stores;
    }

    private byte[] dispatch(AccountStore store, String operation, byte[] body) {
        if (!OPERATIONS.contains(operation)) {
            throw new DynamoDbException(400, "UnknownOperationException", "The sandbox's DynamoDB engine does not implement "
                    + operation);
        }
        if (STREAM_OPERATIONS.contains(operation)) {
            return streams.handle(store.account(), store.region(), operation, Json.parse(body));
        }
        Params p = new Params(Json.parse(body));
        switch (operation) {
            case "CreateTable":
                return control.createTable(store, p);
            case "DescribeTable":
                return control.describeTable(store, p);
            case "UpdateTable":
                return control.updateTable(store, p);
            case "DeleteTable":
                return control.deleteTable(store, p);
            case "ListTables":
                return control.listTables(store, p);
            case "TagResource":
                return control.tagResource(store, p);
            case "UntagResource":
                return control.untagResource(store, p);
            case "ListTagsOfResource":
                return control.listTagsOfResource(store, p);
            case "DescribeTimeToLive":
                return control.describeTimeToLive(store, p);
            case "UpdateTimeToLive":
                return control.updateTimeToLive(store, p);
            case "DescribeLimits":
                return control.describeLimits();
            case "DescribeEndpoints":
                return control.describeEndpoints(store);
            case "PutResourcePolicy":
                return policies.put(store, p);
            case "GetResourcePolicy":
                return policies.get(store, p);
            case "DeleteResourcePolicy":
                return policies.delete(store, p);
            case "GetItem":
                return items.getItem(store, p);
            case "PutItem":
                return items.putItem(store, p);
            case "DeleteItem":
                return items.deleteItem(store, p);
            case "UpdateItem":
                return items.updateItem(store, p);
            case "Query":
                return queries.query(store, p);
            case "Scan":
                return queries.scan(store, p);
            case "BatchGetItem":
                return batches.batchGetItem(store, p);
            case "BatchWriteItem":
                return batches.batchWriteItem(store, p);
            case "TransactWriteItems":
                return transactions.transactWriteItems(store, p);
            case "TransactGetItems":
                return transactions.transactGetItems(store, p);
            case "UpdateContinuousBackups":
                return exportImport.updateContinuousBackups(store, p);
            case "DescribeContinuousBackups":
                return exportImport.describeContinuousBackups(store, p);
            case "ExportTableToPointInTime":
                return exportImport.exportTableToPointInTime(store, p);
            case "DescribeExport":
                return exportImport.describeExport(p);
            case "ImportTable":
                return exportImport.importTable(store, p);
            case "DescribeImport":
                return exportImport.describeImport(p);
            default:
                throw new IllegalStateException(operation);
        }
    }

    /**
     * The resource-based policy governing {@code arn}: a stream ARN's own policy; for a table or index ARN, the table's.
     * Empty when there is none.
     */
    public Optional<String> resourcePolicy(String arn) {
        return policies.documentFor(arn);
    }

    /** Whether any table or stream of any account has a resource-based policy (lets the edge skip the lookup when none has). */
    public boolean hasResourcePolicies() {
        return !policies.isEmpty();
    }

    /** Removes expired items from every table with TTL enabled; returns how many went. */
    public int expireItems(Instant now) {
        int removed = 0;
        for (AccountStore store : stores.all()) {
            for (Table table : store.snapshot()) {
                TableMetadata m = table.metadata();
                if (m.ttlEnabled()) {
                    removed += table.expire(m.ttlAttribute(), now, listener);
                }
            }
        }
        return removed;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    static Answer error(DynamoDbException e) {
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("__type", e.wireType());
            g.writeStringField("message", e.getMessage());
            if (e instanceof ItemOperations.WithBody extra) {
                extra.writeExtra(g);
            }
            g.writeEndObject();
        });
        return new Answer(e.status(), body);
    }
}
