package dev.cutover.migrations.dynamodb;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands for a table too big to copy from one machine: DynamoDB exports the legacy table to S3
 * (a bucket the new account owns) from a point in time, and ImportTable creates the new table from
 * it. Neither consumes table capacity; the import creates the target table (it must not exist yet).
 * Writes made to the legacy table after the export time are then caught up with
 * {@code migrate dynamodb --mode newer-wins} (or skip-existing) and checked with {@code verify dynamodb}.
 *
 * @param sourceTableArn the legacy table's ARN
 * @param sortKey the sort key attribute and type, if the table has one
 */
public record ExportImportPlan(String region, String sourceTableArn, String legacyAccountId, String newAccountId, String targetTable,
        String partitionKey, String partitionKeyType, Optional<String> sortKey, Optional<String> sortKeyType, String bucket,
                String prefix) {

    public ExportImportPlan {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("--s3-bucket must be an S3 bucket name (3-63 lower-case letters, digits, dots, "
                    + "hyphens), but was '" + bucket + "'");
        }
        prefix = prefix == null || prefix.isBlank() ? "cutover-export" : prefix.replaceAll("^/+|/+$", "");
    }

    /** The commands, in order, with the profile each runs under, as a shell script with comments. */
    public String render() {
        String keySchema = "AttributeName=" + partitionKey + ",KeyType=HASH" + sortKey.map(s -> " AttributeName=" + s
                + ",KeyType=RANGE").orElse("");
        String attributes = "AttributeName=" + partitionKey + ",AttributeType=" + partitionKeyType
                + sortKey.map(s -> " AttributeName=" + s + ",AttributeType=" + sortKeyType.orElse("S")).orElse("");
        List<String> lines = List.of(
                "#!/bin/sh",
                "# Export " + sourceTableArn + " to s3://" + bucket + "/" + prefix + " and import it as " + targetTable + ".",
                "# Bucket: owned by the new account " + newAccountId + ", Object Ownership = BucketOwnerEnforced, and a bucket policy",
                "# letting the legacy account write the export (see docs/migrations.md, 'Export and import').",
                "set -eu",
                "",
                "# 1. legacy account: point-in-time recovery must be on for an export",
                "aws dynamodb update-continuous-backups --profile legacy --region " + region + " \\",
                "  --table-name " + tableName() + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
                "",
                "# 2. legacy account: export (no read capacity used); note the ExportArn and ExportTime",
                "EXPORT_ARN=$(aws dynamodb export-table-to-point-in-time --profile legacy --region " + region + " \\",
                "  --table-arn " + sourceTableArn + " \\",
                "  --s3-bucket " + bucket + " --s3-bucket-owner " + newAccountId + " --s3-prefix " + prefix + " \\",
                "  --export-format DYNAMODB_JSON --export-type FULL_EXPORT \\",
                "  --query ExportDescription.ExportArn --output text)",
                "",
                "# 3. wait until ExportStatus is COMPLETED",
                "until [ \"$(aws dynamodb describe-export --profile legacy --region " + region
                        + " --export-arn \"$EXPORT_ARN\" --query ExportDescription.ExportStatus --output text)\" = COMPLETED ]; do",
                "  sleep 60",
                "done",
                "EXPORT_ID=${EXPORT_ARN##*/}",
                "",
                "# 4. new account: import into a new table (it must not exist yet);",
                "#    add GSIs with --table-creation-parameters GlobalSecondaryIndexes=...",
                "aws dynamodb import-table --profile new --region " + region + " \\",
                "  --s3-bucket-source S3Bucket=" + bucket + ",S3BucketOwner=" + newAccountId + ",S3KeyPrefix=" + prefix
                        + "/AWSDynamoDB/$EXPORT_ID/data/ \\",
                "  --input-format DYNAMODB_JSON --input-compression-type GZIP \\",
                "  --table-creation-parameters 'TableName=" + targetTable + ",BillingMode=PAY_PER_REQUEST,"
                        + "AttributeDefinitions=[{" + attributes.replace(" ", "},{") + "}],KeySchema=[{" + keySchema.replace(" ",
                                "},{") + "}]'",
                "",
                "# 5. catch up what was written to the legacy table after the export time, then check",
                "#    cutover migrate dynamodb --source-table " + tableName() + " --target-table " + targetTable + " --mode newer-wins "
                        + "--version-attribute <attr>",
                "#    cutover verify dynamodb --source-table " + tableName() + " --target-table " + targetTable);
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private String tableName() {
        return sourceTableArn.substring(sourceTableArn.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ExportImportPlan[%s -> s3://%s/%s -> %s]", sourceTableArn, bucket, prefix, targetTable);
    }
}
