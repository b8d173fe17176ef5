package dev.cutover.migrations.dynamodb.internal;

import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.dynamodb.ItemTransform;
import dev.cutover.migrations.internal.AwsErrors;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The checks before the first write, each cheap: DescribeTable on both sides, key schemas compared
 * through the transform's key mapping, a Scan with Limit 1 on each side (proves read permission),
 * and for conditional modes a PutItem whose condition can never hold (proves write permission,
 * writes nothing). Failures become {@link PreflightException}s that say what to fix.
 */
public final class TablePreflight {
    /** Which account a table lives in, for messages. */
    public enum Side {
        SOURCE("source", "legacy account (read through the cross-account role)", "Permissions.forMigrationSource()"),
        TARGET("target", "new account", "Permissions.forMigrationTarget()");

        final String label;
        final String account;
        final String permissions;

        Side(String label, String account, String permissions) {
            this.label = label;
            this.account = account;
            this.permissions = permissions;
        }
    }

    private TablePreflight() {
    }

    public static TableInfo describe(DynamoDbClient client, String table, Side side) {
        TableDescription d;
        try {
            d = client.describeTable(r -> r.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            throw new PreflightException(side.label + " table '" + table + "' does not exist in the " + side.account
                    + ". Check the table name (--" + side.label + "-table, or the config's resources) and the region."
                    + " Nothing was written.");
        } catch (SdkException e) {
            throw failure(e, side, "dynamodb:DescribeTable", table);
        }
        Map<String, String> types = new HashMap<>();
        for (AttributeDefinition a : d.attributeDefinitions()) {
            types.put(a.attributeName(), a.attributeTypeAsString());
        }
        String pk = null;
        String sk = null;
        Map<String, String> keyTypes = new HashMap<>();
        for (KeySchemaElement k : d.keySchema()) {
            keyTypes.put(k.attributeName(), types.get(k.attributeName()));
            if (k.keyType() == KeyType.HASH) {
                pk = k.attributeName();
            } else {
                sk = k.attributeName();
            }
        }
        return new TableInfo(d.tableName(), d.tableArn(), pk, Optional.ofNullable(sk), keyTypes,
                d.itemCount() == null ? 0 : d.itemCount(), d.tableSizeBytes() == null ? 0 : d.tableSizeBytes());
    }

    /** The target must have the source's key schema, after the transform's renames (the key mapping). */
    public static void checkKeySchemas(TableInfo source, TableInfo target, ItemTransform transform) {
        String pk = transform.targetAttributeName(source.partitionKey());
        Optional<String> sk = source.sortKey().map(transform::targetAttributeName);
        boolean namesMatch = target.partitionKey().equals(pk) && target.sortKey().equals(sk);
        boolean typesMatch = namesMatch && source.keyTypes().get(source.partitionKey()).equals(target.keyTypes().get(pk))
                && source.sortKey().map(s -> source.keyTypes().get(s).equals(target.keyTypes().get(transform.targetAttributeName(s))))
                        .orElse(true);
        if (!namesMatch || !typesMatch) {
            throw new PreflightException("key schemas differ: source table '" + source.name() + "' has " + source.describeKeys()
                    + ", target table '" + target.name() + "' has " + target.describeKeys()
                    + (transform.describe().equals("identity") ? "" : " (after the mapping " + transform.describe() + ")")
                    + ". Create the target with the same key schema, or map the key attributes with --rename sourceName=targetName"
                    + " (types must match). Nothing was written.");
        }
    }

    public static void probeRead(DynamoDbClient client, TableInfo table, Side side) {
        try {
            client.scan(r -> r.tableName(table.name()).limit(1));
        } catch (SdkException e) {
            throw failure(e, side, "dynamodb:Scan", table.name());
        }
    }

    /** A PutItem whose condition cannot hold: AccessDenied without write permission, else ConditionalCheckFailed (nothing written). */
    public static void probeWrite(DynamoDbClient client, TableInfo table) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(table.partitionKey(), probeValue(table.keyTypes().get(table.partitionKey())));
        table.sortKey().ifPresent(s -> key.put(s, probeValue(table.keyTypes().get(s))));
        try {
            client.putItem(r -> r.tableName(table.name()).item(key)
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", table.partitionKey())));
        } catch (ConditionalCheckFailedException expected) {
            return;
        } catch (SdkException e) {
            throw failure(e, Side.TARGET, "dynamodb:PutItem", table.name());
        }
        throw new PreflightException("the write probe on '" + table.name() + "' was accepted although its condition can never hold;"
                + " this endpoint does not evaluate conditions, so skip-existing and newer-wins cannot be trusted on it");
    }

    private static AttributeValue probeValue(String type) {
        return switch (type) {
            case "N" -> AttributeValue.fromN("-987654321.123456789");
            case "B" -> AttributeValue.fromB(SdkBytes.fromUtf8String("cutover-preflight-probe"));
            default -> AttributeValue.fromS("cutover-preflight-probe");
        };
    }

    private static PreflightException failure(SdkException e, Side side, String action, String table) {
        Optional<software.amazon.awssdk.services.sts.model.StsException> sts = AwsErrors.assumeRoleFailure(e);
        if (sts.isPresent()) {
            return new PreflightException("cannot assume the legacy account's cross-account role (" + AwsErrors.describe(sts.get())
                    + "). Check the role ARN and ExternalId (accounts.legacy.migrationRoleArn, replicationRoleArn for replicate, and"
                    + " externalId in the config, or --role-arn/--external-id)"
                    + " and that the role's trust policy allows the new account with that ExternalId."
                    + " Nothing was written.", e);
        }
        if (AwsErrors.isAccessDenied(e)) {
            return new PreflightException("the " + side.account + " may not " + action + " on table '" + table + "' ("
                    + AwsErrors.describe(e) + "). Grant what " + side.permissions + " lists for this table. Nothing was written.", e);
        }
        return new PreflightException(action + " on " + side.label + " table '" + table + "' failed (" + AwsErrors.describe(e)
                + "). Check the endpoint, region and credentials. Nothing was written.", e);
    }
}
