package dev.cutover.sandbox.internal.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cutover.dynamodb.DynamoDbEngine;
import dev.cutover.sandbox.internal.edge.AwsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which IAM permissions a DynamoDB request needs, read from its JSON body with a streaming parser that
 * looks only at the fields naming resources (TableName, IndexName, RequestItems keys, TransactItems,
 * ResourceArn, StreamArn, ShardIterator) and skips everything else, item data included.
 *
 * <p>Follows the IAM semantics of the real service: a table named by ARN is authorised on that ARN;
 * Query/Scan with IndexName on {@code table/T/index/I}; BatchWriteItem/BatchGetItem on every table in
 * RequestItems; TransactWriteItems on each item's own action ({@code dynamodb:PutItem},
 * {@code UpdateItem}, {@code DeleteItem}, {@code ConditionCheckItem}) and TransactGetItems on
 * {@code dynamodb:GetItem} per item (IAM has no TransactWriteItems/TransactGetItems actions); the tag and resource-policy
 * operations on their ResourceArn; ListTables on
 * {@code table/*}. DynamoDB Streams: DescribeStream and GetShardIterator on the StreamArn, GetRecords on the stream the
 * shard iterator reads ({@code table/T/stream/LABEL}, which the iterator carries), ListStreams on {@code table/T/stream/*}
 * with TableName, else {@code table/*}.
 */
final class DynamoDbPermissions {

    /** One permission a request needs. */
    record Permission(String action, String resourceArn) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private DynamoDbPermissions() {
    }

    static List<Permission> required(String operation, byte[] body, String region, String accountId) {
        String tablePrefix = "arn:aws:dynamodb:" + region + ":" + accountId + ":table/";
        Fields fields;
        try {
            fields = Fields.read(body);
        } catch (JsonProcessingException e) {
            throw AwsException.validation("SerializationException",
                    "The request body of " + operation + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AwsException.validation("SerializationException",
                    "The request body of " + operation + " could not be read: " + e.getMessage());
        }
        String action = "dynamodb:" + operation;
        switch (operation) {
            case "ListTables":
                return List.of(new Permission(action, tablePrefix + "*"));
            case "DescribeLimits":
            case "DescribeEndpoints":
            case "ListBackups":
            case "ListGlobalTables":
            case "ListImports":
            case "ListExports":
            case "ListContributorInsights":
                return List.of(new Permission(action, "arn:aws:dynamodb:" + region + ":" + accountId + ":*"));
            case "BatchWriteItem":
            case "BatchGetItem":
                return perTable(action, fields.requestItemTables, tablePrefix, operation);
            case "TransactWriteItems":
            case "TransactGetItems":
                return transactItems(fields.transactItems, tablePrefix, operation);
            case "TagResource":
            case "UntagResource":
            case "ListTagsOfResource":
            case "PutResourcePolicy":
            case "GetResourcePolicy":
            case "DeleteResourcePolicy":
                return List.of(new Permission(action, required(fields.resourceArn, "ResourceArn", operation)));
            case "DescribeStream":
            case "GetShardIterator":
                return List.of(new Permission(action, required(fields.streamArn, "StreamArn", operation)));
            case "GetRecords":
                // an iterator that names no stream is refused by the engine; IAM is asked about any stream of the account
                return List.of(new Permission(action, DynamoDbEngine.streamArnOfIterator(fields.shardIterator)
                        .orElse(tablePrefix + "*/stream/*")));
            case "ListStreams":
                return List.of(new Permission(action, fields.tableName == null ? tablePrefix + "*"
                        : tableArn(fields.tableName, tablePrefix) + "/stream/*"));
            case "ExportTableToPointInTime":
                return List.of(new Permission(action, required(fields.tableArn, "TableArn", operation)));
            case "DescribeExport":
                return List.of(new Permission(action, required(fields.exportArn, "ExportArn", operation)));
            case "DescribeImport":
                return List.of(new Permission(action, required(fields.importArn, "ImportArn", operation)));
            case "ImportTable":
                return List.of(new Permission(action, tableArn(required(fields.creationTableName, "TableCreationParameters.TableName",
                        operation), tablePrefix)));
            default:
                String table = tableArn(required(fields.tableName, "TableName", operation), tablePrefix);
                if (fields.indexName != null && ("Query".equals(operation) || "Scan".equals(operation))) {
                    table = table + "/index/" + fields.indexName;
                }
                return List.of(new Permission(action, table));
        }
    }

    /**
     * The S3 permissions an export or import needs besides its DynamoDB one (the service asks for them on the caller's
     * behalf): ExportTableToPointInTime {@code s3:PutObject} on {@code arn:aws:s3:::BUCKET/PREFIX/AWSDynamoDB/} (the folder
     * it writes); ImportTable {@code s3:ListBucket} on the bucket and {@code s3:GetObject} on {@code BUCKET/KEY_PREFIX}. Empty
     * for other operations.
     */
    static List<S3Permission> s3Required(String operation, byte[] body) {
        if (!"ExportTableToPointInTime".equals(operation) && !"ImportTable".equals(operation)) {
            return List.of();
        }
        Fields fields;
        try {
            fields = Fields.read(body);
        } catch (IOException e) {
            return List.of();
        }
        if (fields.s3Bucket == null) {
            return List.of();
        }
        String prefix = fields.s3Prefix == null ? "" : fields.s3Prefix;
        if ("ExportTableToPointInTime".equals(operation)) {
            // the export's objects are PREFIX/AWSDynamoDB/EXPORT_ID/...: asked for on that folder
            String root = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
            return List.of(new S3Permission("s3:PutObject", fields.s3Bucket, "arn:aws:s3:::" + fields.s3Bucket + "/" + root
                    + "AWSDynamoDB/"));
        }
        String objects = "arn:aws:s3:::" + fields.s3Bucket + "/" + prefix;
        return List.of(new S3Permission("s3:ListBucket", fields.s3Bucket, "arn:aws:s3:::" + fields.s3Bucket),
                new S3Permission("s3:GetObject", fields.s3Bucket, objects));
    }

    /** An S3 permission on a bucket's resource. */
    record S3Permission(String action, String bucket, String resourceArn) {
    }

    private static List<Permission> perTable(String action, Set<String> tables, String tablePrefix, String operation) {
        if (tables.isEmpty()) {
            throw AwsException.validation("ValidationException", operation + " needs RequestItems with at least one table");
        }
        List<Permission> result = new ArrayList<>(tables.size());
        for (String table : tables) {
            result.add(new Permission(action, tableArn(table, tablePrefix)));
        }
        return result;
    }

    private static List<Permission> transactItems(List<String[]> items, String tablePrefix, String operation) {
        if (items.isEmpty()) {
            throw AwsException.validation("ValidationException", operation + " needs TransactItems with at least one item");
        }
        Set<Permission> result = new LinkedHashSet<>();
        for (String[] item : items) {
            String kind = item[0];
            String action;
            switch (kind) {
                case "Put":
                    action = "dynamodb:PutItem";
                    break;
                case "Update":
                    action = "dynamodb:UpdateItem";
                    break;
                case "Delete":
                    action = "dynamodb:DeleteItem";
                    break;
                case "ConditionCheck":
                    action = "dynamodb:ConditionCheckItem";
                    break;
                case "Get":
                    action = "dynamodb:GetItem";
                    break;
                default:
                    throw AwsException.validation("ValidationException",
                            operation + " item kind '" + kind + "' is not one of Put, Update, Delete, ConditionCheck, Get");
            }
            result.add(new Permission(action, tableArn(required(item[1], kind + ".TableName", operation), tablePrefix)));
        }
        return List.copyOf(result);
    }

    private static String tableArn(String tableNameOrArn, String tablePrefix) {
        return tableNameOrArn.startsWith("arn:") ? tableNameOrArn : tablePrefix + tableNameOrArn;
    }

    private static String required(String value, String field, String operation) {
        if (value == null || value.isEmpty()) {
            throw AwsException.validation("ValidationException", operation + " needs " + field + ", but the request has none");
        }
        return value;
    }

    /** The resource-naming fields of a request body; everything else is skipped unread. */
    private static final class Fields {
        String tableName;
        String indexName;
        String resourceArn;
        String streamArn;
        String shardIterator;
        String tableArn;
        String exportArn;
        String importArn;
        String creationTableName;
        String s3Bucket;
        String s3Prefix;
        final Set<String> requestItemTables = new LinkedHashSet<>();
        /** {kind, tableName} per TransactItems entry. */
        final List<String[]> transactItems = new ArrayList<>();

        static Fields read(byte[] body) throws IOException {
            Fields fields = new Fields();
            if (body.length == 0) {
                return fields;
            }
            try (JsonParser parser = JSON.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new JsonParseException(parser, "expected a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (name) {
                        case "TableName":
                            fields.tableName = text(parser, value);
                            break;
                        case "IndexName":
                            fields.indexName = text(parser, value);
                            break;
                        case "ResourceArn":
                            fields.resourceArn = text(parser, value);
                            break;
                        case "StreamArn":
                            fields.streamArn = text(parser, value);
                            break;
                        case "ShardIterator":
                            fields.shardIterator = text(parser, value);
                            break;
                        case "TableArn":
                            fields.tableArn = text(parser, value);
                            break;
                        case "ExportArn":
                            fields.exportArn = text(parser, value);
                            break;
                        case "ImportArn":
                            fields.importArn = text(parser, value);
                            break;
                        case "S3Bucket":
                            fields.s3Bucket = text(parser, value);
                            break;
                        case "S3Prefix":
                            fields.s3Prefix = text(parser, value);
                            break;
                        case "TableCreationParameters":
                            fields.creationTableName = nested(parser, value, "TableName")[0];
                            break;
                        case "S3BucketSource":
                            String[] source = nested(parser, value, "S3Bucket", "S3KeyPrefix");
                            fields.s3Bucket = source[0];
                            fields.s3Prefix = source[1];
                            break;
                        case "RequestItems":
                            readRequestItems(parser, value, fields.requestItemTables);
                            break;
                        case "TransactItems":
                            readTransactItems(parser, value, fields.transactItems);
                            break;
                        default:
                            parser.skipChildren();
                    }
                }
            }
            return fields;
        }

        private static String text(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            parser.skipChildren();
            return null;
        }

        /** The string members {@code names} of an object value, skipping the rest. */
        private static String[] nested(JsonParser parser, JsonToken value, String... names) throws IOException {
            String[] found = new String[names.length];
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return found;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken fieldValue = parser.nextToken();
                boolean read = false;
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(field)) {
                        found[i] = text(parser, fieldValue);
                        read = true;
                    }
                }
                if (!read) {
                    parser.skipChildren();
                }
            }
            return found;
        }

        private static void readRequestItems(JsonParser parser, JsonToken value, Set<String> tables) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                tables.add(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
        }

        private static void readTransactItems(JsonParser parser, JsonToken value, List<String[]> items) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String kind = parser.currentName();
                    String table = null;
                    if (parser.nextToken() == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String field = parser.currentName();
                            JsonToken fieldValue = parser.nextToken();
                            if ("TableName".equals(field)) {
                                table = text(parser, fieldValue);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                    items.add(new String[] {kind, table});
                }
            }
        }
    }
}
