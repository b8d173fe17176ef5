package dev.cutover.cdk;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stream replicator's part of the app ({@code -c cutover:replication=true}): per logical table the legacy table's
 * stream ARN (it carries a creation label, so it cannot be derived from the map), and the Lambda package with
 * {@code dev.cutover.migrations.replication.DynamoDbReplicationHandler}.
 *
 * @param enabled whether the replicator is part of the stacks
 * @param legacyStreamArns per logical table name, the legacy table's stream ARN
 * @param replicatorCode the migrations module's Lambda package (jar or directory)
 */
public record ReplicationSettings(boolean enabled, Map<String, String> legacyStreamArns, Path replicatorCode) {
    /** The replicator's role in the new account: the one principal the legacy stream policies name. */
    public static final String ROLE_NAME = "cutover-replicator";
    /** Lambda function names are this prefix plus the logical table name. */
    public static final String FUNCTION_PREFIX = "cutover-replicator-";
    public static final String HANDLER = "dev.cutover.migrations.replication.DynamoDbReplicationHandler::handleRequest";
    /** Records per invocation; the handler applies a batch as one BatchWriteItem sequence, last change per key. */
    public static final int BATCH_SIZE = 100;
    /** Retries of a failing batch (halved by bisect each time) before its records go to the on-failure queue. */
    public static final int RETRY_ATTEMPTS = 10;

    public ReplicationSettings {
        legacyStreamArns = Map.copyOf(legacyStreamArns);
    }

    public static ReplicationSettings disabled() {
        return new ReplicationSettings(false, Map.of(), Path.of("."));
    }

    /** Enabled, with a stream ARN for every legacy table of {@code config}, each on that very table; refused otherwise. */
    public static ReplicationSettings enabled(CutoverConfig config, Map<String, String> legacyStreamArns, Path replicatorCode) {
        Map<String, String> checked = new LinkedHashMap<>();
        config.resources(Side.LEGACY).tables().forEach((logical, table) -> {
            String arn = legacyStreamArns.get(logical);
            String prefix = config.arns(Side.LEGACY).table(table.name()) + "/stream/";
            if (arn == null || !arn.startsWith(prefix) || arn.length() == prefix.length()) {
                throw new CdkException("context key '" + CutoverSettings.LEGACY_STREAM_ARNS + "' must name the stream of legacy table '"
                        + logical + "' (" + prefix + "LABEL), but was '" + arn + "'. The legacy owners enable the stream and read the"
                        + " ARN with: aws dynamodb describe-table --table-name " + table.name() + " --query Table.LatestStreamArn"
                        + " (see docs/cdk.md, Replication)");
            }
            checked.put(logical, arn);
        });
        legacyStreamArns.keySet().stream().filter(k -> !checked.containsKey(k)).findFirst().ifPresent(k -> {
            throw new CdkException("context key '" + CutoverSettings.LEGACY_STREAM_ARNS + "' names table '" + k
                    + "', which the map does not have; known: " + checked.keySet());
        });
        return new ReplicationSettings(true, checked, replicatorCode);
    }
}
