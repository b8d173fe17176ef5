package dev.cutover.cdk;

import dev.cutover.cdk.internal.ExactStatements;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Permissions;
import dev.cutover.config.LegacyAccount.Job;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
 * The legacy account's side: one cross-account role per job of the new account, each assumed (by role ARN, with the
 * ExternalId) only by that job's role and granting exactly {@link Permissions#forLegacyRole(Job)}: the router's role
 * ({@code accounts.legacy.roleArn}) what the router calls; the migration role ({@code migrationRoleArn}) the jobs' reads;
 * with {@code cutover:replication=true} the replication role ({@code replicationRoleArn}) the stream reads of
 * {@code replicate dynamodb}; with {@code cutover:reverseReplication=true} the reverse replication role
 * ({@code reverseReplicationRoleArn}) the legacy writes of {@code replicate dynamodb --reverse}. Jobs configured with
 * the same ARN share one role with one inline policy per job (the configuration before the split: {@code roleArn} alone).
 */
public final class LegacyAccessStack extends Stack {
    /** Inline policy with what the router calls in the legacy account. */
    public static final String ROUTER_POLICY = "router-legacy-calls";
    /** Inline policy with what the migration jobs read in the legacy account. */
    public static final String MIGRATION_POLICY = "migration-source-reads";
    /** Inline policy with the stream reads of {@code replicate dynamodb} (only with {@code cutover:replication=true}). */
    public static final String REPLICATION_POLICY = "replication-source-reads";
    /** Inline policy with the legacy writes of {@code replicate dynamodb --reverse} (only with cutover:reverseReplication=true). */
    public static final String REVERSE_REPLICATION_POLICY = "reverse-replication-target-writes";
    /** Inline policy with the export's grants of {@code migrate dynamodb --via-export} (only with {@code exportBucket}). */
    public static final String EXPORT_POLICY = "export-source";

    private final Map<Job, Role> roles = new EnumMap<>(Job.class);

    public LegacyAccessStack(Construct scope, String id, StackProps stackProps, LegacyAccessProps props) {
        super(scope, id, stackProps);
        CutoverConfig config = props.config();
        LegacyAccount legacy = config.accounts().legacy();
        Permissions permissions = new Permissions(config);
        List<Job> jobs = new ArrayList<>(List.of(Job.ROUTER, Job.MIGRATION));
        if (props.replication()) {
            jobs.add(Job.REPLICATION);
        }
        if (props.reverseReplication()) {
            jobs.add(Job.REVERSE_REPLICATION);
        }
        // CloudFormation cannot enable a stream on a table this stack does not own, nor put its resource policy: the legacy
        // owners run the two commands of docs/cdk.md (Replication) with NewAccountStack#legacyStreamPolicy.

        Map<String, List<Job>> jobsByArn = new LinkedHashMap<>();
        for (Job job : jobs) {
            jobsByArn.computeIfAbsent(legacy.roleArn(job), k -> new ArrayList<>()).add(job);
        }
        jobsByArn.forEach((arn, served) -> {
            Map<String, PolicyDocument> policies = new LinkedHashMap<>();
            Set<String> trusted = new LinkedHashSet<>();
            for (Job job : served) {
                policies.put(policyName(job), ExactStatements.document(permissions.forLegacyRole(job)));
                if (job == Job.MIGRATION && props.exportBucket() != null) {
                    // migrate dynamodb --via-export runs ExportTableToPointInTime as the migration job
                    policies.put(EXPORT_POLICY, ExactStatements.document(permissions.forExportSource(props.exportBucket(),
                            props.exportPrefix())));
                }
                // The router role runs the router; the migration role runs the jobs, replicate dynamodb (either way) included.
                trusted.add(job == Job.ROUTER ? props.routerRoleArn() : props.migrationRoleArn());
            }
            RoleName name = RoleName.of(arn, legacy.accountId(), field(served.get(0)));
            Role role = Role.Builder.create(this, constructId(served.get(0)))
                    .roleName(name.name())
                    .path(name.path())
                    .description("cutover: lets the new account's " + served.stream().map(LegacyAccessStack::describe)
                            .collect(Collectors.joining(" and ")) + " call this account's resources")
                    .assumedBy(new CompositePrincipal(trusted.stream().map(ArnPrincipal::new).toArray(ArnPrincipal[]::new)))
                    .externalIds(List.of(legacy.externalId()))
                    .maxSessionDuration(Duration.hours(1))
                    .inlinePolicies(policies)
                    .build();
            served.forEach(job -> roles.put(job, role));
            CfnOutput.Builder.create(this, constructId(served.get(0)) + "Arn").value(role.getRoleArn())
                    .description("Set accounts.legacy." + field(served.get(0)) + " of the config to this value").build();
        });
    }

    /** The router's role. */
    public Role role() {
        return roles.get(Job.ROUTER);
    }

    /**
     * The role {@code job} assumes; empty for {@link Job#REPLICATION} without replication, and for
     * {@link Job#REVERSE_REPLICATION} without reverse replication.
     */
    public Optional<Role> role(Job job) {
        return Optional.ofNullable(roles.get(job));
    }

    private static String policyName(Job job) {
        return switch (job) {
            case ROUTER -> ROUTER_POLICY;
            case MIGRATION -> MIGRATION_POLICY;
            case REPLICATION -> REPLICATION_POLICY;
            case REVERSE_REPLICATION -> REVERSE_REPLICATION_POLICY;
        };
    }

    /** The router's keeps the id of the one role before the split, so that deployed stacks keep that role. */
    private static String constructId(Job job) {
        return switch (job) {
            case ROUTER -> "CrossAccountRole";
            case MIGRATION -> "MigrationCrossAccountRole";
            case REPLICATION -> "ReplicationCrossAccountRole";
            case REVERSE_REPLICATION -> "ReverseReplicationCrossAccountRole";
        };
    }

    private static String field(Job job) {
        return switch (job) {
            case ROUTER -> "roleArn";
            case MIGRATION -> "migrationRoleArn";
            case REPLICATION -> "replicationRoleArn";
            case REVERSE_REPLICATION -> "reverseReplicationRoleArn";
        };
    }

    private static String describe(Job job) {
        return switch (job) {
            case ROUTER -> "router";
            case MIGRATION -> "migration jobs";
            case REPLICATION -> "replicate dynamodb";
            case REVERSE_REPLICATION -> "replicate dynamodb --reverse";
        };
    }

    /** The name and path of a role ARN: arn:aws:iam::111111111111:role/a/b/name has path /a/b/ and name "name". */
    record RoleName(String path, String name) {
        static RoleName of(String roleArn, String accountId, String field) {
            String prefix = "arn:aws:iam::" + accountId + ":role/";
            if (!roleArn.startsWith(prefix)) {
                throw new CdkException("accounts.legacy." + field + " must be a role of the legacy account " + accountId + " (" + prefix
                        + "NAME), but was '" + roleArn + "'");
            }
            String rest = roleArn.substring(prefix.length());
            int slash = rest.lastIndexOf('/');
            return slash < 0 ? new RoleName("/", rest) : new RoleName("/" + rest.substring(0, slash + 1), rest.substring(slash + 1));
        }
    }
}
