package dev.cutover.cdk;

import dev.cutover.config.CutoverConfig;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the legacy account's stack needs from the new account's: the operation map and the ARNs of
 * the two roles its cross-account role trusts. The ARNs are plain strings built from fixed role
 * names, never tokens, because a stack in one account cannot reference another account's resources.
 *
 * @param replication whether the role also grants the replication source reads ({@code replicate dynamodb} follows the
 *     legacy stream through it)
 * @param reverseReplication whether there is also the role {@code replicate dynamodb --reverse} writes the legacy tables
 *     through ({@code reverseReplicationRoleArn})
 * @param exportBucket the new account's bucket the role may export to ({@code migrate dynamodb --via-export}), null for none
 * @param exportPrefix the key prefix of those exports
 */
public record LegacyAccessProps(CutoverConfig config, String routerRoleArn, String migrationRoleArn, boolean replication,
        boolean reverseReplication, String exportBucket, String exportPrefix) {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]+");

    public LegacyAccessProps {
        Objects.requireNonNull(config, "config");
        requireRoleArn(routerRoleArn, "routerRoleArn");
        requireRoleArn(migrationRoleArn, "migrationRoleArn");
    }

    /** Without reverse replication or exports. */
    public LegacyAccessProps(CutoverConfig config, String routerRoleArn, String migrationRoleArn, boolean replication) {
        this(config, routerRoleArn, migrationRoleArn, replication, false, null, null);
    }

    /** Without replication or exports. */
    public LegacyAccessProps(CutoverConfig config, String routerRoleArn, String migrationRoleArn) {
        this(config, routerRoleArn, migrationRoleArn, false);
    }

    private static void requireRoleArn(String arn, String field) {
        if (arn == null || !ROLE_ARN.matcher(arn).matches()) {
            throw new CdkException(field + " must be an IAM role ARN such as arn:aws:iam::222222222222:role/cutover-router, but was '"
                    + arn + "'");
        }
    }
}
