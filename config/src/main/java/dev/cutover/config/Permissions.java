package dev.cutover.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives, from the operation map alone, every IAM permission the router and the migration jobs
 * call with. The CDK app turns these into policies; tests compare synthesized policies to them;
 * the sandbox enforces them. Adding an operation to the file adds its permissions here.
 */
public final class Permissions {
    public static final String MIGRATE_DYNAMODB = "migrate-dynamodb";
    public static final String MIGRATE_SSM = "migrate-ssm";
    public static final String REPLICATE_DYNAMODB = "replicate-dynamodb";
    public static final String REVERSE_REPLICATE_DYNAMODB = "replicate-dynamodb-reverse";
    public static final String EXPORT_DYNAMODB = "export-dynamodb";
    public static final String IMPORT_DYNAMODB = "import-dynamodb";
    /** The log group DynamoDB's import writes its errors to, with the caller's permissions. */
    public static final String IMPORT_LOG_GROUP = "/aws-dynamodb/imports";

    private final CutoverConfig config;

    public Permissions(CutoverConfig config) {
        this.config = config;
    }

    /** What the router calls on {@code side} to serve {@code operation}. */
    public List<Permission> forOperation(Operation operation, Side side) {
        SideResources res = config.resources(side);
        Arns arns = config.arns(side);
        String op = operation.name();
        return operation.action().permissions(res, arns, op);
    }

    /** Everything the router calls on {@code side}, all operations together (duplicates removed). */
    public List<Permission> forRouter(Side side) {
        List<Permission> out = new ArrayList<>();
        for (Operation operation : config.operations()) {
            out.addAll(forOperation(operation, side));
        }
        return distinct(out);
    }

    /** What the migration jobs read in the legacy account: scan and describe tables, read parameter trees. */
    public List<Permission> forMigrationSource() {
        SideResources res = config.resources(Side.LEGACY);
        Arns arns = config.arns(Side.LEGACY);
        List<Permission> out = new ArrayList<>();
        for (Table table : res.tables().values()) {
            out.add(Permission.of("dynamodb:DescribeTable", arns.table(table.name()), MIGRATE_DYNAMODB));
            out.add(Permission.of("dynamodb:Scan", arns.table(table.name()), MIGRATE_DYNAMODB));
        }
        for (ParameterTree tree : res.parameters().values()) {
            out.add(Permission.of("ssm:GetParametersByPath", arns.parameter(tree.path()), MIGRATE_SSM));
            out.add(Permission.of("ssm:ListTagsForResource", arns.parameter(tree.path()) + "/*", MIGRATE_SSM));
            // DescribeParameters has no resource-level permissions: scoped to the account, never "*".
            out.add(Permission.of("ssm:DescribeParameters", arns.ssmAccountScope(), MIGRATE_SSM));
            out.add(decrypt(tree, arns, MIGRATE_SSM));
        }
        return distinct(out);
    }

    /**
     * What the replicator Lambda reads in the legacy account: the tables' streams (its role holds these, and the legacy
     * stream policies name it; ListStreams is what Lambda's event source mappings are documented to need).
     * {@code replicate dynamodb} gets its reads through the legacy replication role ({@link #forLegacyRole(LegacyAccount.Job)}):
     * DescribeTable to find each table's latest stream, then DescribeStream, GetShardIterator and GetRecords on it.
     */
    public List<Permission> forReplicationSource() {
        SideResources res = config.resources(Side.LEGACY);
        Arns arns = config.arns(Side.LEGACY);
        List<Permission> out = new ArrayList<>();
        for (Table table : res.tables().values()) {
            for (String action : List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords",
                    "dynamodb:ListStreams")) {
                out.add(Permission.of(action, arns.tableStreams(table.name()), REPLICATE_DYNAMODB));
            }
        }
        return distinct(out);
    }

    /**
     * What {@code migrate dynamodb --via-export} asks of the legacy account's role: the PITR check, the export and its
     * status on each legacy table, and {@code s3:PutObject} (the export writes with the caller's permissions) under
     * {@code prefix} in the new account's {@code bucket}, whose bucket policy must allow the same.
     */
    public List<Permission> forExportSource(String bucket, String prefix) {
        SideResources res = config.resources(Side.LEGACY);
        Arns arns = config.arns(Side.LEGACY);
        List<Permission> out = new ArrayList<>();
        for (Table table : res.tables().values()) {
            out.add(Permission.of("dynamodb:DescribeContinuousBackups", arns.table(table.name()), EXPORT_DYNAMODB));
            out.add(Permission.of("dynamodb:ExportTableToPointInTime", arns.table(table.name()), EXPORT_DYNAMODB));
            out.add(Permission.of("dynamodb:DescribeExport", arns.table(table.name()) + "/export/*", EXPORT_DYNAMODB));
        }
        out.add(Permission.of("s3:PutObject", "arn:aws:s3:::" + bucket + "/" + prefix + "/*", EXPORT_DYNAMODB));
        out.add(Permission.of("s3:AbortMultipartUpload", "arn:aws:s3:::" + bucket + "/" + prefix + "/*", EXPORT_DYNAMODB));
        return distinct(out);
    }

    /** {@link #forImportTarget(String, String, Collection)} for every table of the new account. */
    public List<Permission> forImportTarget(String bucket, String prefix) {
        return forImportTarget(bucket, prefix, new TreeSet<>(config.resources(Side.NEW).tables().keySet()));
    }

    /**
     * What {@code migrate dynamodb --via-export} asks of the new account's caller to import the export into {@code tables}
     * (logical names of the new account's tables), from AWS's "Requesting a table import in DynamoDB" (developer guide,
     * S3DataImport.Requesting: ImportTable and DescribeImport on the table, s3:GetObject and s3:ListBucket on the source,
     * the CloudWatch Logs actions on /aws-dynamodb/*) and the Service Authorization Reference for DynamoDB:
     * <ul>
     *   <li>{@code dynamodb:ImportTable} on {@code table/T} (resource type table; the reference maps the ImportTable operation
     *       to this one action, so no {@code dynamodb:CreateTable}: the import creates the table without it);</li>
     *   <li>{@code dynamodb:DescribeImport} on {@code table/T/import/*} (resource type import, whose ARN is the table's plus
     *       {@code /import/ID}); ListImports is not called;</li>
     *   <li>{@code s3:GetObject} on {@code BUCKET/PREFIX/*} (the import reads the export's data files with the caller's
     *       permissions) and {@code s3:ListBucket} on the bucket, which AWS's example grants on the bucket's ARN. No
     *       {@code s3:prefix} condition: the import's listing prefix is not documented, and a condition that misses it
     *       fails the import; the bucket is the export bucket the stack makes for nothing else;</li>
     *   <li>the CloudWatch Logs actions of AWS's example, on the one log group the import writes
     *       ({@value #IMPORT_LOG_GROUP}, "Import format quotas and validation": the error log stream is {@code ID/error}),
     *       instead of the example's {@code /aws-dynamodb/*}; {@code logs:DescribeLogGroups} has no resource-level
     *       permissions (the Service Authorization Reference for CloudWatch Logs lists no resource type), so it is scoped
     *       to this account's log groups in the region ({@code log-group:*}), never "*".</li>
     * </ul>
     * No KMS: the export bucket is SSE-S3 and the imported table uses DynamoDB's own key.
     */
    public List<Permission> forImportTarget(String bucket, String prefix, Collection<String> tables) {
        SideResources res = config.resources(Side.NEW);
        Arns arns = config.arns(Side.NEW);
        List<Permission> out = new ArrayList<>();
        for (String logical : tables) {
            Table table = res.tables().get(logical);
            if (table == null) {
                throw new ConfigException("'" + logical + "' is not a table of resources.new.tables; the imported tables must be"
                        + " among " + res.tables().keySet());
            }
            out.add(Permission.of("dynamodb:ImportTable", arns.table(table.name()), IMPORT_DYNAMODB));
            out.add(Permission.of("dynamodb:DescribeImport", arns.table(table.name()) + "/import/*", IMPORT_DYNAMODB));
        }
        if (out.isEmpty()) {
            return List.of();
        }
        out.add(Permission.of("s3:GetObject", "arn:aws:s3:::" + bucket + "/" + prefix + "/*", IMPORT_DYNAMODB));
        out.add(Permission.of("s3:ListBucket", "arn:aws:s3:::" + bucket, IMPORT_DYNAMODB));
        for (String action : List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents",
                "logs:PutRetentionPolicy")) {
            out.add(Permission.of(action, arns.logGroupContents(IMPORT_LOG_GROUP), IMPORT_DYNAMODB));
        }
        out.add(Permission.of("logs:DescribeLogGroups", arns.logsAccountScope(), IMPORT_DYNAMODB));
        return distinct(out);
    }

    /**
     * What the replicator writes in the new account: each change of the legacy stream is applied to the new table with
     * BatchWriteItem (puts and deletes; {@code DynamoDbReplicationHandler} and {@code replicate dynamodb} share that apply).
     */
    public List<Permission> forReplicationTarget() {
        SideResources res = config.resources(Side.NEW);
        Arns arns = config.arns(Side.NEW);
        List<Permission> out = new ArrayList<>();
        for (Table table : res.tables().values()) {
            out.add(Permission.of("dynamodb:BatchWriteItem", arns.table(table.name()), REPLICATE_DYNAMODB));
        }
        return distinct(out);
    }

    /**
     * What {@code replicate dynamodb --reverse} calls in the new account, besides its checkpoint table
     * ({@link #forCheckpointTable(String)}): DescribeTable to find each new table's latest stream, then DescribeStream,
     * GetShardIterator and GetRecords on that stream. Its legacy writes are {@link #forLegacyRole(LegacyAccount.Job)} of
     * {@link LegacyAccount.Job#REVERSE_REPLICATION}.
     */
    public List<Permission> forReverseReplicationSource() {
        SideResources res = config.resources(Side.NEW);
        Arns arns = config.arns(Side.NEW);
        List<Permission> out = new ArrayList<>();
        for (Table table : res.tables().values()) {
            out.addAll(streamReads(table, arns, REVERSE_REPLICATE_DYNAMODB));
        }
        return distinct(out);
    }

    /** DescribeTable (for the table's latest stream ARN), then the reads of that stream, as the CLI replicator makes them. */
    private static List<Permission> streamReads(Table table, Arns arns, String neededBy) {
        List<Permission> out = new ArrayList<>();
        out.add(Permission.of("dynamodb:DescribeTable", arns.table(table.name()), neededBy));
        for (String action : List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords")) {
            out.add(Permission.of(action, arns.tableStreams(table.name()), neededBy));
        }
        return out;
    }

    /**
     * What the replicator Lambda calls on the checkpoint table to publish its lag where the flags guard reads it: read the
     * job's item and write it back.
     */
    public List<Permission> forReplicationStatus(String checkpointTable) {
        Arns arns = config.arns(Side.NEW);
        return List.of(Permission.of("dynamodb:GetItem", arns.table(checkpointTable), REPLICATE_DYNAMODB),
                Permission.of("dynamodb:PutItem", arns.table(checkpointTable), REPLICATE_DYNAMODB));
    }

    /** What the migration jobs call in the new account: write and verify tables, write parameter trees. */
    public List<Permission> forMigrationTarget() {
        SideResources res = config.resources(Side.NEW);
        Arns arns = config.arns(Side.NEW);
        List<Permission> out = new ArrayList<>();
        for (Table table : res.tables().values()) {
            for (String action : List.of("dynamodb:DescribeTable", "dynamodb:Scan", "dynamodb:BatchWriteItem", "dynamodb:PutItem",
                    "dynamodb:GetItem")) {
                out.add(Permission.of(action, arns.table(table.name()), MIGRATE_DYNAMODB));
            }
        }
        for (ParameterTree tree : res.parameters().values()) {
            out.add(Permission.of("ssm:GetParametersByPath", arns.parameter(tree.path()), MIGRATE_SSM));
            for (String action : List.of("ssm:PutParameter", "ssm:AddTagsToResource", "ssm:ListTagsForResource")) {
                out.add(Permission.of(action, arns.parameter(tree.path()) + "/*", MIGRATE_SSM));
            }
            out.add(Permission.of("ssm:DescribeParameters", arns.ssmAccountScope(), MIGRATE_SSM));
            out.add(decrypt(tree, arns, MIGRATE_SSM));
            tree.kmsKeyArn().ifPresent(key -> out.add(new Permission("kms:Encrypt", key,
                    Map.of("kms:ViaService", arns.ssmViaService()), MIGRATE_SSM)));
            // The keys a --kms-key PREFIX=KEY remap encrypts with, when the map lists them.
            for (String key : tree.remapKmsKeyArns()) {
                out.add(new Permission("kms:Encrypt", key, Map.of("kms:ViaService", arns.ssmViaService()), MIGRATE_SSM));
            }
        }
        return distinct(out);
    }

    /**
     * What the migration workers call on their checkpoint table in the new account (one item per segment,
     * conditional PutItem; BatchGetItem to read a job's segments; GetItem for its header).
     */
    public List<Permission> forCheckpointTable(String tableName) {
        Arns arns = config.arns(Side.NEW);
        List<Permission> out = new ArrayList<>();
        // DescribeTable: the replication checkpoint store checks the table's key schema before it reads or writes.
        for (String action : List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem")) {
            out.add(Permission.of(action, arns.table(tableName), MIGRATE_DYNAMODB));
        }
        return out;
    }

    /**
     * What the new account's migration role calls there: the jobs' writes ({@link #forMigrationTarget()}), their
     * {@code checkpointTable} (which {@code replicate dynamodb} shares), and with {@code reverseReplication} the new tables'
     * stream reads of {@code replicate dynamodb --reverse} ({@link #forReverseReplicationSource()}).
     */
    public List<Permission> forMigrationRole(String checkpointTable, boolean reverseReplication) {
        List<Permission> out = new ArrayList<>(forMigrationTarget());
        out.addAll(forCheckpointTable(checkpointTable));
        if (reverseReplication) {
            out.addAll(forReverseReplicationSource());
        }
        return distinct(out);
    }

    /**
     * What the legacy role of {@code job} must grant, nothing else: the router's operations on legacy; the migration
     * jobs' reads; {@code replicate dynamodb}'s DescribeTable and stream reads (no ListStreams: it finds the stream with
     * DescribeTable); {@code replicate dynamodb --reverse}'s writes: DescribeTable (its preflight checks the target table)
     * and BatchWriteItem (puts and deletes, as the forward apply) on each legacy table.
     */
    public List<Permission> forLegacyRole(LegacyAccount.Job job) {
        SideResources res = config.resources(Side.LEGACY);
        Arns arns = config.arns(Side.LEGACY);
        return switch (job) {
            case ROUTER -> forRouter(Side.LEGACY);
            case MIGRATION -> forMigrationSource();
            case REPLICATION -> {
                List<Permission> out = new ArrayList<>();
                for (Table table : res.tables().values()) {
                    out.addAll(streamReads(table, arns, REPLICATE_DYNAMODB));
                }
                yield distinct(out);
            }
            case REVERSE_REPLICATION -> {
                List<Permission> out = new ArrayList<>();
                for (Table table : res.tables().values()) {
                    out.add(Permission.of("dynamodb:DescribeTable", arns.table(table.name()), REVERSE_REPLICATE_DYNAMODB));
                    out.add(Permission.of("dynamodb:BatchWriteItem", arns.table(table.name()), REVERSE_REPLICATE_DYNAMODB));
                }
                yield distinct(out);
            }
        };
    }

    /**
     * The legacy roles to create, by ARN, with what each grants: one per job of {@code jobs}, or one for several jobs when
     * the configuration gives them the same ARN (before the split, one role served all: its grants are their union).
     */
    public Map<String, List<Permission>> forLegacyRoles(Set<LegacyAccount.Job> jobs) {
        Map<String, List<Permission>> out = new LinkedHashMap<>();
        for (LegacyAccount.Job job : LegacyAccount.Job.values()) {
            if (jobs.contains(job)) {
                out.computeIfAbsent(config.accounts().legacy().roleArn(job), k -> new ArrayList<>()).addAll(forLegacyRole(job));
            }
        }
        out.replaceAll((arn, permissions) -> distinct(permissions));
        return out;
    }

    /**
     * What a caller of the API needs to call every {@code auth: iam} route of API {@code apiId}, stage {@code stage}:
     * {@code execute-api:Invoke} on each such route's ARN in the new account, path variables as '*' (one segment or more:
     * IAM's wildcard also matches '/'; the route table then refuses paths with more segments). Routes with {@code auth: none}
     * or {@code jwt} need no IAM grant. The local router uses {@code local} and {@code $default}.
     */
    public List<Permission> forApiInvoke(String apiId, String stage) {
        Arns arns = config.arns(Side.NEW);
        List<Permission> out = new ArrayList<>();
        for (Operation operation : config.operations()) {
            if (operation.auth() != RouteAuth.IAM) {
                continue;
            }
            List<String> segments = new ArrayList<>();
            for (String segment : operation.route().segments()) {
                segments.add(segment.startsWith("{") ? "*" : segment);
            }
            out.add(Permission.of("execute-api:Invoke", arns.executeApi(apiId, stage, operation.route().method(),
                    String.join("/", segments)), operation.name()));
        }
        return distinct(out);
    }

    /** {@code kms:Decrypt} on exactly the tree's key, only through SSM: what reading its SecureStrings decrypted needs. */
    public static Permission decryptViaSsm(ParameterTree tree, Arns arns, String neededBy) {
        return decrypt(tree, arns, neededBy);
    }

    private static Permission decrypt(ParameterTree tree, Arns arns, String neededBy) {
        String key = tree.kmsKeyArn().orElseThrow(() -> new ConfigException("parameters at '" + tree.path()
                + "' are read with decryption, so their kmsKeyArn is needed to grant kms:Decrypt on exactly that key"));
        return new Permission("kms:Decrypt", key, Map.of("kms:ViaService", arns.ssmViaService()), neededBy);
    }

    /** Keeps the first of each (action, resource, conditions); the first need is the one reported. */
    private static List<Permission> distinct(List<Permission> permissions) {
        LinkedHashSet<List<Object>> seen = new LinkedHashSet<>();
        List<Permission> out = new ArrayList<>();
        for (Permission p : permissions) {
            if (seen.add(List.of(p.action(), p.resource(), p.stringEquals()))) {
                out.add(p);
            }
        }
        return out;
    }
}
