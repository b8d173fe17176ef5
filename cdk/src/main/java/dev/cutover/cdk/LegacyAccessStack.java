package dev.cutover.cdk;

import dev.cutover.cdk.internal.ExactStatements;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The legacy account's side: one cross-account role that the router and the migration job of the
 * new account assume (by role ARN, with the ExternalId), granting exactly what
 * {@link Permissions#forLegacyRole()} derives from the operation map.
 */
public final class LegacyAccessStack extends Stack {
    /** Inline policy with what the router calls in the legacy account. */
    public static final String ROUTER_POLICY = "router-legacy-calls";
    /** Inline policy with what the migration jobs read in the legacy account. */
    public static final String MIGRATION_POLICY = "migration-source-reads";
    /** Inline policy with the stream reads of {@code replicate dynamodb} (only with {@code cutover:replication=true}). */
    public static final String REPLICATION_POLICY = "replication-source-reads";
    /** Inline policy with the export's grants of {@code migrate dynamodb --via-export} (only with {@code exportBucket}). */
    public static final String EXPORT_POLICY = "export-source";

    private final Role role;

    public LegacyAccessStack(Construct scope, String id, StackProps stackProps, LegacyAccessProps props) {
        super(scope, id, stackProps);
        CutoverConfig config = props.config();
        LegacyAccount legacy = config.accounts().legacy();
        RoleName name = RoleName.of(legacy.roleArn(), legacy.accountId());
        Permissions permissions = new Permissions(config);

        Map<String, PolicyDocument> policies = new LinkedHashMap<>();
        policies.put(ROUTER_POLICY, ExactStatements.document(permissions.forRouter(Side.LEGACY)));
        policies.put(MIGRATION_POLICY, ExactStatements.document(permissions.forMigrationSource()));
        if (props.replication()) {
            // CloudFormation cannot enable a stream on a table this stack does not own, nor put its resource policy:
            // the legacy owners run the two commands of docs/cdk.md (Replication) with NewAccountStack#legacyStreamPolicy.
            policies.put(REPLICATION_POLICY, ExactStatements.document(permissions.forReplicationSource()));
        }
        if (props.exportBucket() != null) {
            policies.put(EXPORT_POLICY, ExactStatements.document(permissions.forExportSource(props.exportBucket(),
                    props.exportPrefix())));
        }

        this.role = Role.Builder.create(this, "CrossAccountRole")
                .roleName(name.name())
                .path(name.path())
                .description("cutover: lets the new account's router and migration job call this account's resources")
                .assumedBy(new CompositePrincipal(new ArnPrincipal(props.routerRoleArn()), new ArnPrincipal(props.migrationRoleArn())))
                .externalIds(List.of(legacy.externalId()))
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(policies)
                .build();

        CfnOutput.Builder.create(this, "CrossAccountRoleArn").value(role.getRoleArn())
                .description("Set accounts.legacy.roleArn of the config to this value").build();
    }

    public Role role() {
        return role;
    }

    /** The name and path of a role ARN: arn:aws:iam::111111111111:role/a/b/name has path /a/b/ and name "name". */
    record RoleName(String path, String name) {
        static RoleName of(String roleArn, String accountId) {
            String prefix = "arn:aws:iam::" + accountId + ":role/";
            if (!roleArn.startsWith(prefix)) {
                throw new CdkException("accounts.legacy.roleArn must be a role of the legacy account " + accountId + " (" + prefix
                        + "NAME), but was '" + roleArn + "'");
            }
            String rest = roleArn.substring(prefix.length());
            int slash = rest.lastIndexOf('/');
            return slash < 0 ? new RoleName("/", rest) : new RoleName("/" + rest.substring(0, slash + 1), rest.substring(slash + 1));
        }
    }
}
