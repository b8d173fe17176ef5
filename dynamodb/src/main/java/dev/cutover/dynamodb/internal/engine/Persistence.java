package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps an engine's tables in a data directory across restarts: a snapshot ({@code snapshot-N.jsonl}) plus an append-only
 * log ({@code journal-N.log}) of everything since, both JSON lines. Item changes are logged as after-images (a put of the
 * whole item, or a delete of its key) under the item's lock, so replay keeps per-key order and needs no conditions or
 * clocks; control-plane changes (CreateTable, UpdateTable, DeleteTable, tags, TTL, resource policies) are logged as their
 * request, before they apply, and replayed through the engine. A request is answered only once its records are fsynced.
 *
 * <p>On open: replay the newest complete snapshot and its log, write snapshot N+1 (temp file, fsync, atomic rename), start
 * log N+1, delete generation N. A crash at any point leaves either generation N or N+1 complete. Not kept: stream records
 * (a table's stream starts afresh, with a new label, after a restart), policies on streams, and transaction idempotency
 * tokens.
 */
public final class Persistence implements AutoCloseable {

    static final Set<String> CONTROL_MUTATIONS = Set.of("CreateTable", "UpdateTable", "DeleteTable", "TagResource",
            "UntagResource", "UpdateTimeToLive", "PutResourcePolicy", "DeleteResourcePolicy");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d+)\\.jsonl");
    private static final ThreadLocal<long[]> LAST_SEQ = ThreadLocal.withInitial(() -> new long[1]);

    private final Path dir;
    private final Journal journal;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<String> warnings;
    private final long itemsRestored;

    private Persistence(Path dir, Journal journal, FileChannel lockChannel, FileLock lock, List<String> warnings,
            long itemsRestored) {
        this.dir = dir;
        this.journal = journal;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.warnings = List.copyOf(warnings);
        this.itemsRestored = itemsRestored;
    }

    /** Restores {@code engine} from {@code dir} (created when missing) and starts logging its changes there. */
    public static Persistence open(Path dir, Engine engine) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("The data directory " + dir + " is in use by another sandbox; stop it, or pass another --data-dir");
        }
        try (Stream<Path> tmp = Files.list(dir)) {
            for (Path p : tmp.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(p);
            }
        }
        long generation = newestGeneration(dir);
        List<String> warnings = new ArrayList<>();
        long[] items = new long[1];
        if (generation > 0) {
            replay(dir.resolve("snapshot-" + generation + ".jsonl"), engine, warnings, items, false);
            Path log = dir.resolve("journal-" + generation + ".log");
            if (Files.exists(log)) {
                replay(log, engine, warnings, items, true);
            }
        }
        long next = generation + 1;
        writeSnapshot(dir, next, engine);
        Journal journal = new Journal(dir.resolve("journal-" + next + ".log"));
        fsyncDirectory(dir);
        for (long g = generation; g > 0 && g >= generation - 1; g--) {
            Files.deleteIfExists(dir.resolve("journal-" + g + ".log"));
            Files.deleteIfExists(dir.resolve("snapshot-" + g + ".jsonl"));
        }
        return new Persistence(dir, journal, lockChannel, lock, warnings, items[0]);
    }

    /** Records skipped while restoring (e.g. a half-written last line after a crash), for the sandbox to log. */
    public List<String> warnings() {
        return warnings;
    }

    /** Items put by the restore (snapshot and log, counting rewrites of one key each time). */
    public long itemsRestored() {
        return itemsRestored;
    }

    public Path directory() {
        return dir;
    }

    // ---- called by the engine

    void begin() {
        LAST_SEQ.get()[0] = 0;
    }

    /** Logs a control-plane mutation before it applies. */
    void control(String account, String region, String operation, byte[] body) {
        if (CONTROL_MUTATIONS.contains(operation)) {
            record(write(g -> {
                g.writeStartObject();
                g.writeStringField("op", operation);
                g.writeStringField("a", account);
                g.writeStringField("r", region);
                g.writeFieldName("body");
                g.writeRawValue(compact(body));
                g.writeEndObject();
            }));
        }
    }

    /** Logs an item's after-image; called under the item's lock. */
    void itemChanged(Table table, ItemKey key, Map<String, AttributeValue> after) {
        String arn = table.metadata().arn();
        String[] parts = arn.split(":", 6);
        record(write(g -> {
            g.writeStartObject();
            g.writeStringField(after == null ? "del" : "put", table.name());
            g.writeStringField("a", parts[4]);
            g.writeStringField("r", parts[3]);
            g.writeFieldName(after == null ? "key" : "item");
            AttributeValues.writeItem(g, after == null ? table.key().toMap(key) : after);
            g.writeEndObject();
        }));
    }

    /** Waits until every record this thread logged since {@link #begin()} is on disk. */
    void commit() {
        long seq = LAST_SEQ.get()[0];
        if (seq > 0) {
            journal.awaitDurable(seq);
        }
    }

    private void record(byte[] line) {
        long seq = journal.append(line);
        long[] last = LAST_SEQ.get();
        last[0] = Math.max(last[0], seq);
    }

    @Override
    public void close() throws IOException {
        journal.close();
        lock.release();
        lockChannel.close();
    }

    // ---- restore

    private static long newestGeneration(Path dir) throws IOException {
        long newest = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Matcher m = SNAPSHOT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Long.parseLong(m.group(1)));
                }
            }
        }
        return newest;
    }

    private static void replay(Path file, Engine engine, List<String> warnings, long[] items, boolean log) throws IOException {
        List<String> lines;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = reader.lines().toList();
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = MAPPER.readTree(line);
            } catch (IOException e) {
                if (log && i == lines.size() - 1) {
                    // a crash while the last record was being written: it was never acknowledged
                    warnings.add(file.getFileName() + " line " + (i + 1) + ": half-written last record ignored");
                    continue;
                }
                throw new IOException(file + " line " + (i + 1) + " is not a valid record (" + e.getMessage().lines().findFirst().orElse("")
                        + "); the data directory is damaged: restore it from a copy, or start with an empty one", e);
            }
            apply(record, engine, warnings, items, file.getFileName() + " line " + (i + 1));
        }
    }

    private static void apply(JsonNode record, Engine engine, List<String> warnings, long[] items, String where) throws IOException {
        String account = record.path("a").asText();
        String region = record.path("r").asText();
        if (record.has("op")) {
            byte[] body = MAPPER.writeValueAsBytes(record.get("body"));
            Engine.Answer answer = engine.handle(account, region, record.get("op").asText(), body);
            if (answer.status() != 200 && !record.path("snapshot").asBoolean()) {
                // logged before it applied: it failed then as it fails now (e.g. a CreateTable of an existing table)
                return;
            }
            if (answer.status() != 200) {
                throw new IOException(where + ": " + record.get("op").asText() + " could not be restored: "
                        + new String(answer.body(), StandardCharsets.UTF_8));
            }
            return;
        }
        boolean put = record.has("put");
        String tableName = record.path(put ? "put" : "del").asText();
        Table table = engine.stores().store(account, region).table(tableName);
        if (table == null) {
            warnings.add(where + ": item for table " + tableName + " (account " + account + ") that no longer exists, skipped");
            return;
        }
        Map<String, AttributeValue> image = AttributeValues.readItem(record.get(put ? "item" : "key"));
        ItemKey key = put ? table.key().keyOfItem(image) : table.key().keyOf(image);
        if (put) {
            table.store(key, StoredItem.of(image), image, null);
            items[0]++;
        } else {
            table.store(key, null, null, null);
        }
    }

    // ---- snapshot

    private static void writeSnapshot(Path dir, long generation, Engine engine) throws IOException {
        Path tmp = dir.resolve("snapshot-" + generation + ".jsonl.tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
                Writer writer = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            for (AccountStore store : engine.stores().all()) {
                for (Table table : store.snapshot()) {
                    writeTable(writer, store, table, engine);
                }
            }
            writer.flush();
            channel.force(true);
        }
        Files.move(tmp, dir.resolve("snapshot-" + generation + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeTable(Writer w, AccountStore store, Table table, Engine engine) throws IOException {
        String account = store.account();
        String region = store.region();
        ObjectNode describe = call(engine, account, region, "DescribeTable", MAPPER.createObjectNode().put("TableName", table.name()));
        ObjectNode create = createTableRequest((ObjectNode) describe.get("Table"));
        ObjectNode tags = call(engine, account, region, "ListTagsOfResource",
                MAPPER.createObjectNode().put("ResourceArn", table.metadata().arn()));
        if (tags.path("Tags").size() > 0) {
            create.set("Tags", tags.get("Tags"));
        }
        writeOp(w, account, region, "CreateTable", create);
        ObjectNode ttl = call(engine, account, region, "DescribeTimeToLive", MAPPER.createObjectNode().put("TableName", table.name()));
        JsonNode ttlDescription = ttl.path("TimeToLiveDescription");
        if ("ENABLED".equals(ttlDescription.path("TimeToLiveStatus").asText())) {
            ObjectNode update = MAPPER.createObjectNode().put("TableName", table.name());
            update.putObject("TimeToLiveSpecification").put("Enabled", true)
                    .put("AttributeName", ttlDescription.path("AttributeName").asText());
            writeOp(w, account, region, "UpdateTimeToLive", update);
        }
        Engine.Answer policy = engine.handle(account, region, "GetResourcePolicy",
                MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("ResourceArn", table.metadata().arn())));
        if (policy.status() == 200) {
            JsonNode p = MAPPER.readTree(policy.body());
            writeOp(w, account, region, "PutResourcePolicy", MAPPER.createObjectNode()
                    .put("ResourceArn", table.metadata().arn()).put("Policy", p.path("Policy").asText()));
        }
        for (Map.Entry<ItemKey, StoredItem> e : table.items().entrySet()) {
            w.write("{\"put\":");
            w.write(MAPPER.writeValueAsString(table.name()));
            w.write(",\"a\":\"" + account + "\",\"r\":\"" + region + "\",\"item\":");
            w.write(new String(e.getValue().json(), StandardCharsets.UTF_8));
            w.write("}\n");
        }
    }

    private static void writeOp(Writer w, String account, String region, String op, ObjectNode body) throws IOException {
        ObjectNode record = MAPPER.createObjectNode().put("op", op).put("a", account).put("r", region).put("snapshot", true);
        record.set("body", body);
        w.write(MAPPER.writeValueAsString(record));
        w.write('\n');
    }

    private static ObjectNode call(Engine engine, String account, String region, String op, ObjectNode body) throws IOException {
        Engine.Answer answer = engine.handle(account, region, op, MAPPER.writeValueAsBytes(body));
        if (answer.status() != 200) {
            throw new IOException(op + " failed while writing the snapshot: " + new String(answer.body(), StandardCharsets.UTF_8));
        }
        return (ObjectNode) MAPPER.readTree(answer.body());
    }

    /** The CreateTable request that makes a table like the one {@code t} (a DescribeTable "Table") describes. */
    static ObjectNode createTableRequest(ObjectNode t) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("TableName", t.path("TableName").asText());
        c.set("AttributeDefinitions", t.get("AttributeDefinitions"));
        c.set("KeySchema", t.get("KeySchema"));
        String billing = t.path("BillingModeSummary").path("BillingMode").asText("PROVISIONED");
        boolean provisioned = !"PAY_PER_REQUEST".equals(billing);
        c.put("BillingMode", billing);
        if (provisioned) {
            c.set("ProvisionedThroughput", throughput(t.path("ProvisionedThroughput")));
        }
        if (t.has("LocalSecondaryIndexes")) {
            ArrayNode lsis = c.putArray("LocalSecondaryIndexes");
            for (JsonNode i : t.get("LocalSecondaryIndexes")) {
                lsis.addObject().put("IndexName", i.path("IndexName").asText()).setAll(pick(i, "KeySchema", "Projection"));
            }
        }
        if (t.has("GlobalSecondaryIndexes")) {
            ArrayNode gsis = c.putArray("GlobalSecondaryIndexes");
            for (JsonNode i : t.get("GlobalSecondaryIndexes")) {
                ObjectNode g = gsis.addObject().put("IndexName", i.path("IndexName").asText());
                g.setAll(pick(i, "KeySchema", "Projection"));
                if (provisioned) {
                    g.set("ProvisionedThroughput", throughput(i.path("ProvisionedThroughput")));
                }
            }
        }
        if (t.path("StreamSpecification").path("StreamEnabled").asBoolean()) {
            c.set("StreamSpecification", t.get("StreamSpecification"));
        }
        JsonNode sse = t.path("SSEDescription");
        if ("ENABLED".equals(sse.path("Status").asText())) {
            ObjectNode s = c.putObject("SSESpecification").put("Enabled", true);
            if (sse.has("SSEType")) {
                s.put("SSEType", sse.get("SSEType").asText());
            }
            if (sse.has("KMSMasterKeyArn")) {
                s.put("KMSMasterKeyId", sse.get("KMSMasterKeyArn").asText());
            }
        }
        if (t.has("TableClassSummary")) {
            c.put("TableClass", t.path("TableClassSummary").path("TableClass").asText());
        }
        if (t.path("DeletionProtectionEnabled").asBoolean()) {
            c.put("DeletionProtectionEnabled", true);
        }
        return c;
    }

    private static ObjectNode throughput(JsonNode described) {
        return MAPPER.createObjectNode().put("ReadCapacityUnits", described.path("ReadCapacityUnits").asLong())
                .put("WriteCapacityUnits", described.path("WriteCapacityUnits").asLong());
    }

    private static ObjectNode pick(JsonNode from, String... fields) {
        ObjectNode o = MAPPER.createObjectNode();
        for (String f : fields) {
            if (from.has(f)) {
                o.set(f, from.get(f));
            }
        }
        return o;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for fsync; the renames are still atomic there
        }
    }

    private static byte[] write(Json.Body body) {
        return Json.write(body);
    }

    private static String compact(byte[] json) {
        try {
            // one line per record: a client may have sent pretty-printed JSON; parsed as the engine parses requests
            return MAPPER.writeValueAsString(Json.parse(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
