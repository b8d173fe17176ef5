package dev.cutover.cdk;

import dev.cutover.cdk.internal.ContextReader;
import dev.cutover.config.CutoverConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import software.constructs.Node;

/**
 * Everything the app reads from CDK context (cdk.json, cdk.context.json, {@code -c key=value}),
 * resolved against the operation map. Context keys and their defaults are listed in docs/cdk.md.
 *
 * @param config the effective operation map: the config file with the context's overrides applied
 *     ({@code otherAccountId}, {@code legacyNames})
 * @param configJson the same map as compact JSON, handed to the router Lambda
 * @param routerCode the router's deployment package (a jar or a directory)
 * @param routerHandler the router's handler, {@code class::method}
 * @param snapStart whether the router runs with SnapStart on published versions (through an alias)
 * @param migrationCode the migrations module's Lambda package (the worker function's asset)
 * @param checkpointTableName the table the migration workers share their progress in
 * @param migrationConcurrency workers running at once: the Distributed Map's MaxConcurrency and the worker's reserved concurrency
 * @param replication the stream replicator ({@code cutover:replication=true}), disabled by default
 * @param reverseReplication whether the legacy account gets the role of {@code replicate dynamodb --reverse}
 *     ({@code cutover:reverseReplication=true}) and the new account's migration role its stream reads; false by default
 * @param importedTables logical names of the new account's tables the stack leaves out ({@code importedTables}): the
 *     export/import path's ImportTable creates them, and it needs a table that does not exist
 * @param exportBucket the new account's bucket for {@code migrate dynamodb --via-export} ({@code exportBucket}), null for none
 * @param exportPrefix the key prefix the legacy role may write exports under ({@code exportPrefix}, default cutover-export)
 */
public record CutoverSettings(
        CutoverConfig config,
        String configJson,
        Path routerCode,
        String routerHandler,
        boolean snapStart,
        String routerFunctionName,
        String routerRoleName,
        String migrationRoleName,
        Path migrationCode,
        String checkpointTableName,
        int migrationConcurrency,

        ReplicationSettings replication,
        boolean reverseReplication,
        Set<String> importedTables,
        String exportBucket,
        String exportPrefix) {

    public static final String CONFIG_FILE = "configFile";
    public static final String OTHER_ACCOUNT_ID = "otherAccountId";
    public static final String LEGACY_NAMES = "legacyNames";
    public static final String ROUTER_JAR = "routerJar";
    public static final String ROUTER_HANDLER = "routerHandler";
    public static final String SNAP_START = "snapStart";
    public static final String ROUTER_FUNCTION_NAME = "routerFunctionName";
    public static final String ROUTER_ROLE_NAME = "routerRoleName";
    public static final String MIGRATION_ROLE_NAME = "migrationRoleName";
    public static final String MIGRATION_JAR = "migrationJar";
    public static final String CHECKPOINT_TABLE_NAME = "checkpointTableName";
    public static final String MIGRATION_CONCURRENCY = "migrationConcurrency";
    /** {@code true}: the new account gets the replicator Lambda, the legacy role the replication source grants. */
    public static final String REPLICATION = "cutover:replication";
    /**
     * {@code true}: the legacy account gets the role {@code replicate dynamodb --reverse} writes through
     * ({@code accounts.legacy.reverseReplicationRoleArn}), and the new account's migration role the new tables' stream reads.
     */
    public static final String REVERSE_REPLICATION = "cutover:reverseReplication";
    /** Per logical table, the legacy table's stream ARN ({@code aws dynamodb describe-table ... LatestStreamArn}). */
    public static final String LEGACY_STREAM_ARNS = "cutover:legacyStreamArns";
    public static final String REPLICATOR_JAR = "replicatorJar";
    /**
     * Tables the new account's stack does not create, comma separated (logical names or the new tables' names), because
     * {@code migrate dynamodb --via-export} creates them with ImportTable.
     */
    public static final String IMPORTED_TABLES = "importedTables";
    /** The new account's bucket for exports: the stack creates it (bucket owner enforced) with a policy for the legacy role. */
    public static final String EXPORT_BUCKET = "exportBucket";
    public static final String EXPORT_PREFIX = "exportPrefix";

    public CutoverSettings {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(routerCode, "routerCode");
        requireName(routerHandler, ROUTER_HANDLER);
        requireName(routerFunctionName, ROUTER_FUNCTION_NAME);
        requireName(routerRoleName, ROUTER_ROLE_NAME);
        requireName(migrationRoleName, MIGRATION_ROLE_NAME);
        Objects.requireNonNull(migrationCode, "migrationCode");
        requireName(checkpointTableName, CHECKPOINT_TABLE_NAME);
        if (migrationConcurrency < 1 || migrationConcurrency > 1000) {
            throw new CdkException("context key '" + MIGRATION_CONCURRENCY + "' must be between 1 and 1000, but was "
                    + migrationConcurrency);
        }
        Objects.requireNonNull(replication, "replication");
        importedTables = Set.copyOf(importedTables);
        if (exportBucket != null && !exportBucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new CdkException("context key '" + EXPORT_BUCKET + "' must be an S3 bucket name (3-63 of a-z, 0-9, '.', '-'), but was '"
                    + exportBucket + "'");
        }
        if (exportPrefix == null || exportPrefix.isBlank() || exportPrefix.startsWith("/") || exportPrefix.endsWith("/")) {
            throw new CdkException("context key '" + EXPORT_PREFIX + "' must be a key prefix without leading or trailing '/', but was '"
                    + exportPrefix + "'");
        }
    }

    /**
     * Reads the settings from a construct tree's context; relative paths resolve against
     * {@code baseDir} (the cdk/ directory).
     */
    public static CutoverSettings fromContext(Node node, Path baseDir) {
        return new ContextReader(node, baseDir).read();
    }

    private static void requireName(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new CdkException("context key '" + key + "' must not be empty");
        }
    }
}
