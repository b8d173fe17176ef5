package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.ObjectStore;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Point-in-time recovery settings (UpdateContinuousBackups, DescribeContinuousBackups), ExportTableToPointInTime and
 * DescribeExport, ImportTable and DescribeImport, in the DYNAMODB_JSON layout the service documents:
 * {@code PREFIX/AWSDynamoDB/EXPORT_ID/manifest-summary.json}, {@code manifest-files.json} (one JSON line per data file),
 * {@code manifest-summary.md5}, {@code manifest-files.md5} and gzip {@code data/*.json.gz} files with one
 * {@code {"Item": {...}}} per line.
 *
 * <p>A failed import leaves what the service leaves: no table when it failed before reading data (a missing bucket), else
 * the table with the items it imported (ItemValidationError: some items or objects could not be read).
 *
 * <p>Both run to the end inside the call (the answer still says IN_PROGRESS, the next Describe COMPLETED or FAILED, as
 * UpdateTable's does). An export writes the table as it is during the call, whatever ExportTime says: the engine keeps no
 * history, so the description's ExportTime is the instant the export started reading.
 */
final class ExportImport {

    /** Items per data file (the service's files hold up to about 1 GB; small files keep the sandbox's memory low). */
    static final int ITEMS_PER_FILE = 10_000;

    private static final Set<String> FORMATS = Set.of("DYNAMODB_JSON", "ION");
    private static final Set<String> COMPRESSIONS = Set.of("GZIP", "ZSTD", "NONE");

    private final Stores stores;
    private final ControlPlane control;
    private final ObjectStore objects;
    private final Map<String, Export> exports = new ConcurrentHashMap<>();
    private final Map<String, Import> imports = new ConcurrentHashMap<>();

    ExportImport(Stores stores, ControlPlane control, ObjectStore objects) {
        this.stores = stores;
        this.control = control;
        this.objects = objects;
    }

    byte[] updateContinuousBackups(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        JsonNode spec = p.object("PointInTimeRecoverySpecification");
        if (spec == null) {
            p.notNull("pointInTimeRecoverySpecification");
        }
        p.check();
        JsonNode enabled = spec.get("PointInTimeRecoveryEnabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at"
                    + " 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint:"
                    + " Member must not be null");
        }
        Table table = stores.find(store, name);
        if (table == null) {
            throw new DynamoDbException(400, "TableNotFoundException", "Table not found: " + name);
        }
        table.metadata().pointInTimeRecovery(enabled.booleanValue(), stores.clock().instant());
        return continuousBackups(table);
    }

    byte[] describeContinuousBackups(AccountStore store, Params p) {
        String name = p.tableName("TableName", "tableName");
        p.check();
        Table table = stores.find(store, name);
        if (table == null) {
            throw new DynamoDbException(400, "TableNotFoundException", "Table not found: " + name);
        }
        return continuousBackups(table);
    }

    private byte[] continuousBackups(Table table) {
        Instant since = table.metadata().pointInTimeRecoverySince();
        Instant now = stores.clock().instant();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("ContinuousBackupsDescription");
            g.writeStringField("ContinuousBackupsStatus", "ENABLED");
            g.writeObjectFieldStart("PointInTimeRecoveryDescription");
            g.writeStringField("PointInTimeRecoveryStatus", since == null ? "DISABLED" : "ENABLED");
            if (since != null) {
                g.writeNumberField("RecoveryPeriodInDays", 35);
                g.writeFieldName("EarliestRestorableDateTime");
                g.writeNumber(seconds(since));
                g.writeFieldName("LatestRestorableDateTime");
                g.writeNumber(seconds(now));
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    byte[] exportTableToPointInTime(AccountStore store, Params p) {
        String tableArn = p.string("TableArn");
        String bucket = p.string("S3Bucket");
        if (tableArn == null) {
            p.notNull("tableArn");
        }
        if (bucket == null) {
            p.notNull("s3Bucket");
        }
        p.oneOf("ExportFormat", "exportFormat", FORMATS, List.of("DYNAMODB_JSON", "ION"));
        p.check();
        String format = p.string("ExportFormat") == null ? "DYNAMODB_JSON" : p.string("ExportFormat");
        if (!"DYNAMODB_JSON".equals(format)) {
            throw DynamoDbException.validation("The sandbox's DynamoDB exports only ExportFormat DYNAMODB_JSON, but the request asked"
                    + " for " + format + "; leave ExportFormat out or set it to DYNAMODB_JSON");
        }
        String exportType = p.string("ExportType") == null ? "FULL_EXPORT" : p.string("ExportType");
        if (!"FULL_EXPORT".equals(exportType)) {
            throw DynamoDbException.validation("The sandbox's DynamoDB exports only ExportType FULL_EXPORT, but the request asked for "
                    + exportType);
        }
        if (!tableArn.startsWith("arn:aws:dynamodb:")) {
            throw DynamoDbException.validation("Invalid TableArn: " + tableArn);
        }
        Table table = stores.find(store, tableArn);
        if (table == null) {
            throw new DynamoDbException(400, "TableNotFoundException", "Table not found: " + tableArn);
        }
        Instant now = stores.clock().instant();
        TableMetadata m = table.metadata();
        Instant since = m.pointInTimeRecoverySince();
        if (since == null) {
            throw new DynamoDbException(400, "PointInTimeRecoveryUnavailableException", "Point in time recovery is not enabled for table '"
                    + m.name() + "'; enable it with UpdateContinuousBackups (PointInTimeRecoveryEnabled=true) first");
        }
        Long requested = p.number("ExportTime");
        if (requested != null && (requested * 1000 > now.toEpochMilli() || requested * 1000 < since.toEpochMilli() - 1000)) {
            throw new DynamoDbException(400, "InvalidExportTimeException", "The ExportTime " + Instant.ofEpochSecond(requested)
                    + " is not within the table's point in time recovery window (" + since + " to " + now + ")");
        }
        String token = p.string("ClientToken");
        if (token != null) {
            for (Export e : exports.values()) {
                if (token.equals(e.clientToken) && e.tableArn.equals(m.arn())) {
                    return Json.write(g -> {
                        g.writeStartObject();
                        g.writeFieldName("ExportDescription");
                        e.describe(g, e.status);
                        g.writeEndObject();
                    });
                }
            }
        }
        String id = String.format("%014d", now.toEpochMilli()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Export export = new Export();
        export.arn = m.arn() + "/export/" + id;
        export.tableArn = m.arn();
        export.tableId = m.tableId();
        export.clientToken = token;
        export.bucket = bucket;
        export.bucketOwner = p.string("S3BucketOwner");
        export.prefix = p.string("S3Prefix");
        export.sseAlgorithm = p.string("S3SseAlgorithm") == null ? "AES256" : p.string("S3SseAlgorithm");
        export.startTime = now;
        export.exportTime = now;
        export.run(table, id, objects, stores);
        exports.put(export.arn, export);
        return Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("ExportDescription");
            export.describe(g, "IN_PROGRESS");
            g.writeEndObject();
        });
    }

    byte[] describeExport(Params p) {
        String arn = p.string("ExportArn");
        if (arn == null) {
            p.notNull("exportArn");
        }
        p.check();
        Export export = exports.get(arn);
        if (export == null) {
            throw new DynamoDbException(400, "ExportNotFoundException", "Export not found: " + arn);
        }
        return Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("ExportDescription");
            export.describe(g, export.status);
            g.writeEndObject();
        });
    }

    byte[] importTable(AccountStore store, Params p) {
        JsonNode source = p.object("S3BucketSource");
        JsonNode creation = p.object("TableCreationParameters");
        String format = p.string("InputFormat");
        if (creation == null) {
            p.notNull("tableCreationParameters");
        }
        if (format == null) {
            p.notNull("inputFormat");
        }
        if (source == null) {
            p.notNull("s3BucketSource");
        }
        p.oneOf("InputFormat", "inputFormat", Set.of("DYNAMODB_JSON", "ION", "CSV"), List.of("CSV", "DYNAMODB_JSON", "ION"));
        p.oneOf("InputCompressionType", "inputCompressionType", COMPRESSIONS, List.of("GZIP", "ZSTD", "NONE"));
        p.check();
        if (!"DYNAMODB_JSON".equals(format)) {
            throw DynamoDbException.validation("The sandbox's DynamoDB imports only InputFormat DYNAMODB_JSON, but the request asked for "
                    + format);
        }
        String compression = p.string("InputCompressionType") == null ? "NONE" : p.string("InputCompressionType");
        if ("ZSTD".equals(compression)) {
            throw DynamoDbException.validation("The sandbox's DynamoDB imports GZIP or NONE, not ZSTD");
        }
        JsonNode bucketNode = source.get("S3Bucket");
        if (bucketNode == null || !bucketNode.isTextual()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 's3BucketSource.s3Bucket' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        String token = p.string("ClientToken");
        if (token != null) {
            for (Import i : imports.values()) {
                if (token.equals(i.clientToken) && i.account.equals(store.account())) {
                    return importAnswer(i, i.status);
                }
            }
        }
        String tableName = creation.path("TableName").asText(null);
        if (tableName != null && stores.find(store, tableName) != null) {
            throw DynamoDbException.resourceInUse("Table already exists: " + tableName);
        }
        Import job = new Import();
        job.account = store.account();
        job.clientToken = token;
        job.bucket = bucketNode.textValue();
        job.bucketOwner = source.path("S3BucketOwner").asText(null);
        job.keyPrefix = source.path("S3KeyPrefix").asText(null);
        job.compression = compression;
        job.creation = creation;
        job.startTime = stores.clock().instant();
        control.createTable(store, new Params(creation));
        Table table = stores.table(store, tableName);
        job.tableArn = table.metadata().arn();
        job.tableId = table.metadata().tableId();
        String id = String.format("%014d", job.startTime.toEpochMilli()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        job.arn = job.tableArn + "/import/" + id;
        job.run(table, objects, stores);
        if (job.tableDropped) {
            // an error caught before any data was imported: the service does not create the table (docs: "Import format
            // quotas and validation", "The specified bucket does not exist")
            control.deleteTable(store, new Params(Json.MAPPER.createObjectNode().put("TableName", tableName)));
        }
        imports.put(job.arn, job);
        return importAnswer(job, "IN_PROGRESS");
    }

    byte[] describeImport(Params p) {
        String arn = p.string("ImportArn");
        if (arn == null) {
            p.notNull("importArn");
        }
        p.check();
        Import job = imports.get(arn);
        if (job == null) {
            throw new DynamoDbException(400, "ImportNotFoundException", "Import not found: " + arn);
        }
        return importAnswer(job, job.status);
    }

    private static byte[] importAnswer(Import job, String status) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("ImportTableDescription");
            job.describe(g, status);
            g.writeEndObject();
        });
    }

    static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One export: what DescribeExport says. Written once by the thread that ran it, then only read. */
    private static final class Export {
        private String arn;
        private String tableArn;
        private String tableId;
        private String clientToken;
        private String bucket;
        private String bucketOwner;
        private String prefix;
        private String sseAlgorithm;
        private Instant startTime;
        private Instant exportTime;
        private Instant endTime;
        private volatile String status = "IN_PROGRESS";
        private String failureCode;
        private String failureMessage;
        private String manifestKey;
        private long itemCount;
        private long billedBytes;

        void run(Table table, String id, ObjectStore objects, Stores stores) {
            if (!objects.bucketExists(bucket)) {
                fail("S3NoSuchBucket", "The specified bucket does not exist: " + bucket, stores);
                return;
            }
            String owner = objects.bucketOwner(bucket).orElse("");
            if (bucketOwner != null && !bucketOwner.equals(owner)) {
                fail("S3AccessDenied", "The bucket " + bucket + " is not owned by S3BucketOwner " + bucketOwner, stores);
                return;
            }
            String root = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
            String base = root + "AWSDynamoDB/" + id + "/";
            StringBuilder manifestFiles = new StringBuilder();
            ByteArrayOutputStream lines = new ByteArrayOutputStream(1 << 16);
            int inFile = 0;
            byte[] open = "{\"Item\":".getBytes(StandardCharsets.UTF_8);
            for (StoredItem item : table.items().values()) {
                lines.writeBytes(open);
                lines.writeBytes(item.json());
                lines.write('}');
                lines.write('\n');
                itemCount++;
                billedBytes += item.size();
                if (++inFile == ITEMS_PER_FILE) {
                    writeDataFile(objects, base, lines.toByteArray(), inFile, manifestFiles);
                    lines.reset();
                    inFile = 0;
                }
            }
            if (inFile > 0) {
                writeDataFile(objects, base, lines.toByteArray(), inFile, manifestFiles);
            }
            byte[] files = manifestFiles.toString().getBytes(StandardCharsets.UTF_8);
            manifestKey = base + "manifest-files.json";
            objects.put(bucket, manifestKey, files);
            objects.put(bucket, base + "manifest-files.md5", HexFormat.of().formatHex(md5(files)).getBytes(StandardCharsets.UTF_8));
            endTime = stores.clock().instant();
            status = "COMPLETED";
            byte[] summary = Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("version", "2020-06-30");
                g.writeStringField("exportArn", arn);
                g.writeStringField("startTime", startTime.toString());
                g.writeStringField("endTime", endTime.toString());
                g.writeStringField("tableArn", tableArn);
                g.writeStringField("tableId", tableId);
                g.writeStringField("exportTime", exportTime.toString());
                g.writeStringField("s3Bucket", bucket);
                if (prefix == null) {
                    g.writeNullField("s3Prefix");
                } else {
                    g.writeStringField("s3Prefix", prefix);
                }
                g.writeStringField("s3SseAlgorithm", sseAlgorithm);
                g.writeNullField("s3SseKmsKeyId");
                g.writeStringField("manifestFilesS3Key", manifestKey);
                g.writeNumberField("billedSizeBytes", billedBytes);
                g.writeNumberField("itemCount", itemCount);
                g.writeStringField("outputFormat", "DYNAMODB_JSON");
                g.writeStringField("exportType", "FULL_EXPORT");
                g.writeEndObject();
            });
            objects.put(bucket, base + "manifest-summary.json", summary);
            objects.put(bucket, base + "manifest-summary.md5", HexFormat.of().formatHex(md5(summary)).getBytes(StandardCharsets.UTF_8));
        }

        private void writeDataFile(ObjectStore objects, String base, byte[] content, int count, StringBuilder manifest) {
            byte[] gz = gzip(content);
            String key = base + "data/" + UUID.randomUUID().toString().replace("-", "").substring(0, 26) + ".json.gz";
            objects.put(bucket, key, gz);
            byte[] md5 = md5(gz);
            manifest.append("{\"itemCount\":").append(count).append(",\"md5Checksum\":\"").append(Base64.getEncoder().encodeToString(md5))
                    .append("\",\"etag\":\"").append(HexFormat.of().formatHex(md5)).append("\",\"dataFileS3Key\":\"").append(key)
                    .append("\"}\n");
        }

        private void fail(String code, String message, Stores stores) {
            failureCode = code;
            failureMessage = message;
            endTime = stores.clock().instant();
            status = "FAILED";
        }

        void describe(JsonGenerator g, String shownStatus) throws IOException {
            boolean done = !"IN_PROGRESS".equals(shownStatus);
            g.writeStartObject();
            g.writeStringField("ExportArn", arn);
            g.writeStringField("ExportStatus", shownStatus);
            g.writeFieldName("StartTime");
            g.writeNumber(seconds(startTime));
            if (done) {
                g.writeFieldName("EndTime");
                g.writeNumber(seconds(endTime));
            }
            if (done && manifestKey != null) {
                g.writeStringField("ExportManifest", manifestKey);
            }
            g.writeStringField("TableArn", tableArn);
            g.writeStringField("TableId", tableId);
            g.writeFieldName("ExportTime");
            g.writeNumber(seconds(exportTime));
            if (clientToken != null) {
                g.writeStringField("ClientToken", clientToken);
            }
            g.writeStringField("S3Bucket", bucket);
            if (bucketOwner != null) {
                g.writeStringField("S3BucketOwner", bucketOwner);
            }
            if (prefix != null) {
                g.writeStringField("S3Prefix", prefix);
            }
            g.writeStringField("S3SseAlgorithm", sseAlgorithm);
            if (done && failureCode != null) {
                g.writeStringField("FailureCode", failureCode);
                g.writeStringField("FailureMessage", failureMessage);
            }
            g.writeStringField("ExportFormat", "DYNAMODB_JSON");
            g.writeStringField("ExportType", "FULL_EXPORT");
            if (done && "COMPLETED".equals(shownStatus)) {
                g.writeNumberField("BilledSizeBytes", billedBytes);
                g.writeNumberField("ItemCount", itemCount);
            }
            g.writeEndObject();
        }
    }

    /** One import: what DescribeImport says. */
    private static final class Import {
        private String arn;
        private String account;
        private String tableArn;
        private String tableId;
        private String clientToken;
        private String bucket;
        private String bucketOwner;
        private String keyPrefix;
        private String compression;
        private JsonNode creation;
        private Instant startTime;
        private Instant endTime;
        private volatile String status = "IN_PROGRESS";
        private String failureCode;
        private String failureMessage;
        private long processedItems;
        private long importedItems;
        private long errors;
        private long processedBytes;

        /** The import failed before it read any data, so the table it created is removed again, as the service does. */
        private boolean tableDropped;

        /**
         * Reads every object under the prefix into the table. As the service does: a missing bucket fails the import before
         * any data, without the table; an item that fails validation is skipped and counted, and the import then ends FAILED
         * with ItemValidationError, keeping the table with the items it did import.
         */
        void run(Table table, ObjectStore objects, Stores stores) {
            if (!objects.bucketExists(bucket)) {
                failureCode = "S3NoSuchBucket";
                failureMessage = "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket):"
                        + " " + bucket;
                endTime = stores.clock().instant();
                status = "FAILED";
                tableDropped = true;
                return;
            }
            for (String key : objects.keys(bucket, keyPrefix == null ? "" : keyPrefix)) {
                byte[] content = objects.get(bucket, key).orElse(new byte[0]);
                processedBytes += content.length;
                try (InputStream raw = "GZIP".equals(compression) ? new GZIPInputStream(new ByteArrayInputStream(content))
                        : new ByteArrayInputStream(content);
                        BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.isBlank()) {
                            continue;
                        }
                        processedItems++;
                        if (importLine(table, line)) {
                            importedItems++;
                        } else {
                            errors++;
                        }
                    }
                } catch (IOException e) {
                    // an object that is not gzip (a manifest under the prefix, say) counts as one error, as the service logs it
                    errors++;
                }
            }
            endTime = stores.clock().instant();
            if (errors > 0) {
                failureCode = "ItemValidationError";
                failureMessage = "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs"
                        + " for more details.";
                status = "FAILED";
                return;
            }
            status = "COMPLETED";
        }

        private static boolean importLine(Table table, String line) {
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                JsonNode itemNode = node == null ? null : node.get("Item");
                if (itemNode == null || !itemNode.isObject()) {
                    return false;
                }
                Map<String, AttributeValue> item = AttributeValues.readItem(itemNode);
                ItemKey key = table.key().keyOfItem(item);
                table.checkIndexKeys(item);
                StoredItem stored = StoredItem.of(item);
                ReentrantLock lock = table.stripe(key);
                lock.lock();
                try {
                    table.store(key, stored, item, null);
                } finally {
                    lock.unlock();
                }
                return true;
            } catch (IOException | DynamoDbException e) {
                return false;
            }
        }

        void describe(JsonGenerator g, String shownStatus) throws IOException {
            boolean done = !"IN_PROGRESS".equals(shownStatus);
            g.writeStartObject();
            g.writeStringField("ImportArn", arn);
            g.writeStringField("ImportStatus", shownStatus);
            g.writeStringField("TableArn", tableArn);
            g.writeStringField("TableId", tableId);
            if (clientToken != null) {
                g.writeStringField("ClientToken", clientToken);
            }
            g.writeObjectFieldStart("S3BucketSource");
            g.writeStringField("S3Bucket", bucket);
            if (bucketOwner != null) {
                g.writeStringField("S3BucketOwner", bucketOwner);
            }
            if (keyPrefix != null) {
                g.writeStringField("S3KeyPrefix", keyPrefix);
            }
            g.writeEndObject();
            g.writeNumberField("ErrorCount", done ? errors : 0);
            g.writeStringField("InputFormat", "DYNAMODB_JSON");
            g.writeStringField("InputCompressionType", compression);
            g.writeFieldName("TableCreationParameters");
            g.writeTree(creation);
            g.writeFieldName("StartTime");
            g.writeNumber(seconds(startTime));
            if (done) {
                g.writeFieldName("EndTime");
                g.writeNumber(seconds(endTime));
                g.writeNumberField("ProcessedSizeBytes", processedBytes);
                g.writeNumberField("ProcessedItemCount", processedItems);
                g.writeNumberField("ImportedItemCount", importedItems);
                if (failureCode != null) {
                    g.writeStringField("FailureCode", failureCode);
                    g.writeStringField("FailureMessage", failureMessage);
                }
            }
            g.writeEndObject();
        }
    }
}
