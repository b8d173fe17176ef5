package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * ExportTableToPointInTime from the legacy account into a bucket of the new account (allowed by its bucket policy), the
 * documented DYNAMODB_JSON layout read back with the S3 client, and ImportTable into a new table of the new account.
 */
class DynamoDbExportImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static DynamoDbClient legacy;
    private static DynamoDbClient fresh;
    private static S3Client freshS3;

    @BeforeAll
    static void clients() {
        Sandbox sandbox = SANDBOX.sandbox();
        legacy = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, S3Test.LEGACY));
        fresh = DynamoDbTest.dynamoDb(sandbox, TestClients.root(sandbox, S3Test.NEW));
        freshS3 = S3Test.s3(sandbox, S3Test.NEW);
    }

    private static String legacyTable(int items) {
        String name = "orders-" + UUID.randomUUID();
        legacy.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
        for (int i = 0; i < items; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("customer-" + (i % 4)));
            item.put("sk", AttributeValue.fromN(Integer.toString(i)));
            item.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("sku", AttributeValue.fromS("s" + i),
                    "qty", AttributeValue.fromN("2"))))));
            item.put("tags", AttributeValue.fromSs(List.of("a", "b" + i)));
            legacy.putItem(b -> b.tableName(name).item(item));
        }
        return name;
    }

    private static String bucketWritableByLegacy() {
        String bucket = "exports-" + UUID.randomUUID();
        freshS3.createBucket(b -> b.bucket(bucket));
        freshS3.putBucketPolicy(b -> b.bucket(bucket).policy(S3Test.writeFrom(S3Test.LEGACY, bucket)));
        return bucket;
    }

    private static String arn(String table) {
        return legacy.describeTable(b -> b.tableName(table)).table().tableArn();
    }

    @Test
    void exportTableToPointInTime_withoutPointInTimeRecovery_isRefused() {
        String table = legacyTable(1);
        String bucket = bucketWritableByLegacy();

        assertThatThrownBy(() -> legacy.exportTableToPointInTime(b -> b.tableArn(arn(table)).s3Bucket(bucket)))
                .isInstanceOf(PointInTimeRecoveryUnavailableException.class)
                .hasMessageContaining("UpdateContinuousBackups");
        assertThat(legacy.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    }

    @Test
    void exportTableToPointInTime_toABucketWhosePolicyDoesNotAllowTheWriter_isAccessDenied() {
        String table = legacyTable(1);
        enablePitr(table);
        String bucket = "exports-" + UUID.randomUUID();
        freshS3.createBucket(b -> b.bucket(bucket));

        assertThatThrownBy(() -> legacy.exportTableToPointInTime(b -> b.tableArn(arn(table)).s3Bucket(bucket)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.getMessage()).contains("s3:PutObject");
                });
    }

    @Test
    void exportThenImport_acrossAccounts_writesTheDocumentedLayoutAndRebuildsEveryItem() throws IOException {
        String table = legacyTable(25);
        enablePitr(table);
        String bucket = bucketWritableByLegacy();

        ExportDescription started = legacy.exportTableToPointInTime(b -> b.tableArn(arn(table)).s3Bucket(bucket).s3Prefix("cutover")
                .s3BucketOwner(S3Test.NEW)).exportDescription();
        ExportDescription done = legacy.describeExport(b -> b.exportArn(started.exportArn())).exportDescription();

        assertThat(started.exportStatus()).isEqualTo(ExportStatus.IN_PROGRESS);
        assertThat(done.exportStatus()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(done.itemCount()).isEqualTo(25L);
        String base = done.exportManifest().substring(0, done.exportManifest().lastIndexOf('/') + 1);
        assertThat(base).startsWith("cutover/AWSDynamoDB/");
        JsonNode summary = JSON.readTree(object(bucket, base + "manifest-summary.json"));
        assertThat(summary.path("itemCount").asLong()).isEqualTo(25);
        assertThat(summary.path("outputFormat").asText()).isEqualTo("DYNAMODB_JSON");
        assertThat(summary.path("manifestFilesS3Key").asText()).isEqualTo(base + "manifest-files.json");
        int lines = 0;
        for (String manifestLine : new String(object(bucket, base + "manifest-files.json"), StandardCharsets.UTF_8).split("\n")) {
            JsonNode file = JSON.readTree(manifestLine);
            assertThat(file.path("dataFileS3Key").asText()).startsWith(base + "data/").endsWith(".json.gz");
            for (String line : gunzip(object(bucket, file.path("dataFileS3Key").asText())).split("\n")) {
                assertThat(JSON.readTree(line).path("Item").path("pk").path("S").asText()).startsWith("customer-");
                lines++;
            }
        }
        assertThat(lines).isEqualTo(25);

        String target = "imported-" + UUID.randomUUID();
        ImportTableDescription importStarted = fresh.importTable(b -> b.s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix(base + "data/"))
                .inputFormat(InputFormat.DYNAMODB_JSON).inputCompressionType(InputCompressionType.GZIP)
                .tableCreationParameters(t -> t.tableName(target).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                                a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)))).importTableDescription();
        ImportTableDescription imported = fresh.describeImport(b -> b.importArn(importStarted.importArn())).importTableDescription();

        assertThat(imported.importStatus()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(imported.importedItemCount()).isEqualTo(25L);
        assertThat(imported.errorCount()).isZero();
        assertThat(sorted(fresh.scan(b -> b.tableName(target)).items())).isEqualTo(sorted(legacy.scan(b -> b.tableName(table)).items()));
        assertThatThrownBy(() -> fresh.importTable(b -> b.s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix(base + "data/"))
                .inputFormat(InputFormat.DYNAMODB_JSON).inputCompressionType(InputCompressionType.GZIP)
                .tableCreationParameters(t -> t.tableName(target).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)))))
                .isInstanceOf(ResourceInUseException.class);
    }

    private static ImportTableDescription importInto(String target, String bucket, String prefix) {
        ImportTableDescription started = fresh.importTable(b -> b.s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix(prefix))
                .inputFormat(InputFormat.DYNAMODB_JSON).inputCompressionType(InputCompressionType.GZIP)
                .tableCreationParameters(t -> t.tableName(target).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                                a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)))).importTableDescription();
        return fresh.describeImport(b -> b.importArn(started.importArn())).importTableDescription();
    }

    @Test
    void importTable_fromABucketThatDoesNotExist_failsWithS3NoSuchBucketAndCreatesNoTable() {
        String target = "imported-" + UUID.randomUUID();

        ImportTableDescription failed = importInto(target, "no-such-bucket-" + UUID.randomUUID(), "cutover/data/");

        // as the service documents: caught before any data was imported, so no table is left behind
        assertThat(failed.importStatus()).isEqualTo(ImportStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("S3NoSuchBucket");
        assertThat(failed.tableArn()).endsWith(":table/" + target);
        assertThatThrownBy(() -> fresh.describeTable(b -> b.tableName(target))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void importTable_whenADataFileIsDamaged_failsWithItemValidationErrorAndKeepsTheTableWithTheGoodItems() throws IOException {
        String bucket = "imports-" + UUID.randomUUID();
        freshS3.createBucket(b -> b.bucket(bucket));
        String good = "{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}\n{\"Item\":{\"pk\":{\"S\":\"b\"}}}\n";
        freshS3.putObject(b -> b.bucket(bucket).key("cutover/data/good.json.gz"), RequestBody.fromBytes(gzip(good)));
        freshS3.putObject(b -> b.bucket(bucket).key("cutover/data/damaged.json.gz"), RequestBody.fromString("not gzip"));
        String target = "imported-" + UUID.randomUUID();

        ImportTableDescription failed = importInto(target, bucket, "cutover/data/");

        // one item without its sort key and one unreadable object: skipped and counted, the import FAILED, the table kept
        assertThat(failed.importStatus()).isEqualTo(ImportStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("ItemValidationError");
        assertThat(failed.errorCount()).isEqualTo(2L);
        assertThat(failed.importedItemCount()).isEqualTo(1L);
        assertThat(fresh.describeTable(b -> b.tableName(target)).table().tableId()).isEqualTo(failed.tableId());
        assertThat(fresh.scan(b -> b.tableName(target)).items()).extracting(i -> i.get("pk").s()).containsExactly("a");
    }

    private static void enablePitr(String table) {
        legacy.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    }

    private static byte[] object(String bucket, String key) {
        return freshS3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private static byte[] gzip(String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] content) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> sorted(List<Map<String, AttributeValue>> items) {
        List<String> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            out.add(new java.util.TreeMap<>(item).toString());
        }
        out.sort(String::compareTo);
        return out;
    }
}
