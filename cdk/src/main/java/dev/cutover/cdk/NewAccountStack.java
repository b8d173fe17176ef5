package dev.cutover.cdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.cdk.internal.ExactStatements;
import dev.cutover.config.AppConfigLocation;
import dev.cutover.config.Arns;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.Operation;
import dev.cutover.config.RouteAuth;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.SideResources;
import dev.cutover.config.TableIndex;
import dev.cutover.config.flags.RoutingFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.appconfig.CfnApplication;
import software.amazon.awscdk.services.appconfig.CfnConfigurationProfile;
import software.amazon.awscdk.services.appconfig.CfnDeployment;
import software.amazon.awscdk.services.appconfig.CfnDeploymentStrategy;
import software.amazon.awscdk.services.appconfig.CfnEnvironment;
import software.amazon.awscdk.services.appconfig.CfnHostedConfigurationVersion;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The new account's side: the router Lambda behind an HTTP API with one route per operation, the
 * new tables and queues, the routing flags in AppConfig (all legacy at first), the router's role
 * the migration workers (a Lambda function, the state machine that loops it per worker, their checkpoint table
 * and role). Everything is derived from the operation map.
 */
public final class NewAccountStack extends Stack {
    /** Environment variable with the effective operation map as compact JSON (the router reads CUTOVER_CONFIG as YAML or JSON). */
    public static final String CONFIG_ENV = "CUTOVER_CONFIG";
    /** Inline policy names on the router's and the migration job's roles. */
    public static final String ROUTER_POLICY = "router-calls";
    public static final String MIGRATION_POLICY = "migration-target-writes";
    /** The migration role's inline policy for {@code --via-export}'s import (with {@code exportBucket} and {@code importedTables}). */
    public static final String IMPORT_POLICY = "import-target";
    public static final String REPLICATOR_POLICY = "replicator-stream-to-table";
    /** Lambda's limit for all environment variables together. */
    private static final int LAMBDA_ENV_LIMIT = 4096;
    private static final int DLQ_MAX_RECEIVE_COUNT = 5;
    private static final ObjectMapper POLICY_JSON = new ObjectMapper();
    /**
     * ListStreams lists a table's streams, so it is not an action on a stream and a stream's resource policy cannot
     * grant it; the mapping names the stream ARN and needs only DescribeStream, GetShardIterator and GetRecords on it.
     */
    static final String NOT_IN_STREAM_POLICIES = "dynamodb:ListStreams";

    private final CutoverSettings settings;
    private final Role routerRole;
    private final Role migrationRole;
    private final MigrationWorkflow migrationWorkflow;
    private final Function router;
    private final HttpApi api;
    private final String flagsDocument;
    private final String flagsConfigurationArn;
    private Role replicatorRole;
    private final Map<String, Function> replicators = new LinkedHashMap<>();

    public NewAccountStack(Construct scope, String id, StackProps stackProps, CutoverSettings settings) {
        super(scope, id, stackProps);
        this.settings = settings;
        CutoverConfig config = settings.config();
        Arns arns = config.arns(Side.NEW);
        Permissions permissions = new Permissions(config);
        LegacyAccount legacy = config.accounts().legacy();

        tables(config.resources(Side.NEW));
        queues(config.resources(Side.NEW));
        if (settings.exportBucket() != null) {
            exportBucket(settings.exportBucket(), settings.exportPrefix(), legacy.roleArn(LegacyAccount.Job.MIGRATION));
        }

        // Routing flags: one flag per operation, all legacy, deployed at once.
        AppConfigLocation location = config.appConfig();
        this.flagsDocument = RoutingFlags.allLegacy(config).toHostedDocument(config);
        CfnApplication application = CfnApplication.Builder.create(this, "FlagsApplication")
                .name(location.application()).description("cutover routing flags").build();
        CfnEnvironment environment = CfnEnvironment.Builder.create(this, "FlagsEnvironment")
                .applicationId(application.getRef()).name(location.environment()).build();
        CfnConfigurationProfile profile = CfnConfigurationProfile.Builder.create(this, "FlagsProfile")
                .applicationId(application.getRef()).name(location.profile())
                .locationUri("hosted").type("AWS.AppConfig.FeatureFlags").build();
        CfnHostedConfigurationVersion version = CfnHostedConfigurationVersion.Builder.create(this, "FlagsAllLegacy")
                .applicationId(application.getRef()).configurationProfileId(profile.getRef())
                .contentType("application/json").content(flagsDocument)
                .description("initial routing: every operation on legacy").build();
        CfnDeploymentStrategy strategy = CfnDeploymentStrategy.Builder.create(this, "FlagsAllAtOnce")
                .name("cutover-all-at-once").deploymentDurationInMinutes(0).growthFactor(100).finalBakeTimeInMinutes(0)
                .replicateTo("NONE").description("routing changes take effect at the next poll").build();
        CfnDeployment.Builder.create(this, "FlagsDeployment")
                .applicationId(application.getRef()).environmentId(environment.getRef()).configurationProfileId(profile.getRef())
                .configurationVersion(version.getAttrVersionNumber()).deploymentStrategyId(strategy.getRef()).build();
        String flagsArn = arns.appConfigConfiguration(application.getRef(), environment.getRef(), profile.getRef());
        this.flagsConfigurationArn = flagsArn;

        // The router: same-account calls from the map, the legacy role, the flags, its own log group.
        String logGroupName = "/aws/lambda/" + settings.routerFunctionName();
        LogGroup logGroup = LogGroup.Builder.create(this, "RouterLogs").logGroupName(logGroupName)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        List<PolicyStatement> routerStatements = new ArrayList<>(ExactStatements.statements(permissions.forRouter(Side.NEW)));
        routerStatements.add(assumeLegacyRole(List.of(legacy.roleArn(LegacyAccount.Job.ROUTER))));
        routerStatements.add(PolicyStatement.Builder.create().sid("ReadRoutingFlags").effect(Effect.ALLOW)
                .actions(List.of("appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"))
                .resources(List.of(flagsArn)).build());
        routerStatements.add(PolicyStatement.Builder.create().sid("WriteOwnLogs").effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(routerLogStreams(arns, logGroupName))).build());
        this.routerRole = Role.Builder.create(this, "RouterRole")
                .roleName(settings.routerRoleName())
                .description("cutover router: serves the operations from either account")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of(ROUTER_POLICY, PolicyDocument.Builder.create().statements(routerStatements).build()))
                .build();
        this.router = routerFunction(config, logGroup);
        IFunction target = settings.snapStart() ? Alias.Builder.create(this, "RouterLive").aliasName("live")
                .version(router.getCurrentVersion()).build() : router;

        // The API: one route per operation, all to the router; each behind the authorizer its `auth` names (none: open).
        this.api = HttpApi.Builder.create(this, "Api").apiName("cutover-" + location.application())
                .description("cutover: the application's public API, routed per operation").createDefaultStage(true).build();
        HttpLambdaIntegration integration = HttpLambdaIntegration.Builder.create("Router", target)
                .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build();
        HttpJwtAuthorizer jwt = config.jwtAuthorizer().map(j -> HttpJwtAuthorizer.Builder.create("Jwt", j.issuer())
                .authorizerName("cutover-jwt").jwtAudience(j.audience()).build()).orElse(null);
        for (Operation operation : config.operations()) {
            AddRoutesOptions.Builder route = AddRoutesOptions.builder()
                    .path(operation.route().pathTemplate())
                    .methods(List.of(HttpMethod.valueOf(operation.route().method())))
                    .integration(integration);
            api.addRoutes(route.authorizer(authorizer(operation.auth(), jwt)).build());
        }

        // The migration workers: write the new account's tables and parameters and their checkpoint table, read legacy through
        // the role; run as a Lambda function, one worker slice per invocation, looped by a state machine.
        Table checkpoints = Table.Builder.create(this, "MigrationCheckpoints").tableName(settings.checkpointTableName())
                .partitionKey(Attribute.builder().name("job").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST).removalPolicy(RemovalPolicy.DESTROY).build();
        String workerLogGroupName = "/aws/lambda/" + MigrationWorkflow.WORKER_FUNCTION_NAME;
        List<PolicyStatement> migrationStatements = new ArrayList<>(ExactStatements.statements(
                permissions.forMigrationRole(settings.checkpointTableName(), settings.reverseReplication())));
        // The migration role runs the jobs and replicate dynamodb (either way): it may assume their legacy roles, never the
        // router's.
        List<String> legacyRoles = new ArrayList<>(List.of(legacy.roleArn(LegacyAccount.Job.MIGRATION)));
        if (settings.replication().enabled()) {
            legacyRoles.add(legacy.roleArn(LegacyAccount.Job.REPLICATION));
        }
        if (settings.reverseReplication()) {
            legacyRoles.add(legacy.roleArn(LegacyAccount.Job.REVERSE_REPLICATION));
        }
        migrationStatements.add(assumeLegacyRole(legacyRoles));
        migrationStatements.add(PolicyStatement.Builder.create().sid("WriteOwnLogs").effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(routerLogStreams(arns, workerLogGroupName))).build());
        this.migrationRole = Role.Builder.create(this, "MigrationRole")
                .roleName(settings.migrationRoleName())
                .description("cutover migration workers: copy tables and parameters from the legacy account")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(migrationPolicies(permissions, migrationStatements))
                .build();
        this.migrationWorkflow = new MigrationWorkflow(this, settings, arns, migrationRole, checkpoints, workerLogGroupName);

        if (settings.replication().enabled()) {
            replicators(config, arns, permissions);
        }

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getApiEndpoint()).build();
        CfnOutput.Builder.create(this, "RouterRoleArn").value(routerRole.getRoleArn()).build();
        CfnOutput.Builder.create(this, "MigrationRoleArn").value(migrationRole.getRoleArn()).build();
        CfnOutput.Builder.create(this, "MigrationStateMachineArn").value(migrationWorkflow.stateMachineArn()).build();
        CfnOutput.Builder.create(this, "FlagsApplicationId").value(application.getRef()).build();
        CfnOutput.Builder.create(this, "FlagsEnvironmentId").value(environment.getRef()).build();
        CfnOutput.Builder.create(this, "FlagsProfileId").value(profile.getRef()).build();
    }

    /**
     * The migration role's inline policies: the jobs' grants, and with {@code exportBucket} and {@code importedTables} also
     * {@value #IMPORT_POLICY} = {@link Permissions#forImportTarget(String, String, java.util.Collection)}, so that the role
     * can run {@code migrate dynamodb --via-export}'s ImportTable into the tables the stack leaves out.
     */
    private Map<String, PolicyDocument> migrationPolicies(Permissions permissions, List<PolicyStatement> migrationStatements) {
        Map<String, PolicyDocument> policies = new LinkedHashMap<>();
        policies.put(MIGRATION_POLICY, PolicyDocument.Builder.create().statements(migrationStatements).build());
        if (settings.exportBucket() != null && !settings.importedTables().isEmpty()) {
            policies.put(IMPORT_POLICY, ExactStatements.document(permissions.forImportTarget(settings.exportBucket(),
                    settings.exportPrefix(), new TreeSet<>(settings.importedTables()))));
        }
        return policies;
    }

    /** The props of the legacy account's stack: the ARNs its role trusts, from the fixed role names. */
    public LegacyAccessProps legacyAccessProps() {
        Arns arns = settings.config().arns(Side.NEW);
        return new LegacyAccessProps(settings.config(), arns.role(settings.routerRoleName()), arns.role(settings.migrationRoleName()),
                settings.replication().enabled(), settings.reverseReplication(), settings.exportBucket(), settings.exportPrefix());
    }

    /** The hosted FeatureFlags document deployed as the first version of the flags profile. */
    public String flagsDocument() {
        return flagsDocument;
    }

    /** The flags profile's configuration ARN (a token until deployment) the router may read. */
    public String flagsConfigurationArn() {
        return flagsConfigurationArn;
    }

    public Role routerRole() {
        return routerRole;
    }

    public Role migrationRole() {
        return migrationRole;
    }

    public MigrationWorkflow migrationWorkflow() {
        return migrationWorkflow;
    }

    public Function router() {
        return router;
    }

    public HttpApi api() {
        return api;
    }

    /** The replicator's role ({@value ReplicationSettings#ROLE_NAME}); empty without {@code cutover:replication=true}. */
    public Optional<Role> replicatorRole() {
        return Optional.ofNullable(replicatorRole);
    }

    /** Per logical table, its replicator function (none without replication). */
    public Map<String, Function> replicators() {
        return Map.copyOf(replicators);
    }

    /** The replicator role's ARN, from its fixed name: the principal the legacy stream policies name. */
    public String replicatorRoleArn() {
        return settings.config().arns(Side.NEW).role(ReplicationSettings.ROLE_NAME);
    }

    /**
     * The resource-based policy the legacy owners put on the stream of {@code logicalTable}
     * ({@code aws dynamodb put-resource-policy}): exactly the replicator role, exactly the stream reads that
     * {@link Permissions#forReplicationSource()} derives for that table (without ListStreams, which no stream policy
     * can grant), on exactly that stream.
     */
    public String legacyStreamPolicy(String logicalTable) {
        CutoverConfig config = settings.config();
        String streamArn = settings.replication().legacyStreamArns().get(logicalTable);
        if (streamArn == null) {
            throw new CdkException("no legacy stream for table '" + logicalTable + "'; replication is "
                    + (settings.replication().enabled() ? "on for " + settings.replication().legacyStreamArns().keySet() : "off"));
        }
        String streams = config.arns(Side.LEGACY).tableStreams(config.resources(Side.LEGACY).table(logicalTable).name());
        List<String> actions = new Permissions(config).forReplicationSource().stream().filter(p -> p.resource().equals(streams))
                .map(Permission::action).filter(a -> !a.equals(NOT_IN_STREAM_POLICIES)).distinct().toList();
        ObjectNode policy = POLICY_JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject().put("Sid", "CutoverReplicator").put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", replicatorRoleArn());
        actions.forEach(statement.putArray("Action")::add);
        statement.put("Resource", streamArn);
        return policy.toString();
    }

    private void replicators(CutoverConfig config, Arns arns, Permissions permissions) {
        ReplicationSettings replication = settings.replication();
        requireCode(replication.replicatorCode(), CutoverSettings.REPLICATOR_JAR, "./mvnw -q -pl migrations -am package -DskipTests");
        Map<String, Queue> failures = new LinkedHashMap<>();
        Map<String, LogGroup> logs = new LinkedHashMap<>();
        List<String> failureQueueArns = new ArrayList<>();
        List<String> logStreams = new ArrayList<>();
        for (String logical : replication.legacyStreamArns().keySet()) {
            String queueName = ReplicationSettings.FUNCTION_PREFIX + logical + "-failures";
            failures.put(logical, Queue.Builder.create(this, "ReplicatorFailures-" + logical).queueName(queueName)
                    .encryption(QueueEncryption.SQS_MANAGED).retentionPeriod(Duration.days(14)).build());
            failureQueueArns.add(arns.queue(queueName));
            String logGroupName = "/aws/lambda/" + ReplicationSettings.FUNCTION_PREFIX + logical;
            logs.put(logical, LogGroup.Builder.create(this, "ReplicatorLogs-" + logical).logGroupName(logGroupName)
                    .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build());
            logStreams.add(routerLogStreams(arns, logGroupName));
        }
        List<Permission> derived = new ArrayList<>(permissions.forReplicationSource());
        derived.addAll(permissions.forReplicationTarget());
        derived.addAll(permissions.forReplicationStatus(settings.checkpointTableName()));
        List<PolicyStatement> statements = new ArrayList<>(ExactStatements.statements(derived));
        statements.add(PolicyStatement.Builder.create().sid("SendFailedBatches").effect(Effect.ALLOW)
                .actions(List.of("sqs:SendMessage")).resources(failureQueueArns).build());
        statements.add(PolicyStatement.Builder.create().sid("WriteOwnLogs").effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents")).resources(logStreams).build());
        this.replicatorRole = Role.Builder.create(this, "ReplicatorRole")
                .roleName(ReplicationSettings.ROLE_NAME)
                .description("cutover replicator: applies the legacy tables' streams to the new tables")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of(REPLICATOR_POLICY, PolicyDocument.Builder.create().statements(statements).build()))
                .build();
        replication.legacyStreamArns().forEach((logical, streamArn) -> {
            Function function = Function.Builder.create(this, "Replicator-" + logical)
                    .functionName(ReplicationSettings.FUNCTION_PREFIX + logical)
                    .description("cutover replicator: legacy table '" + logical + "' -> new table, change by change")
                    .runtime(Runtime.JAVA_21)
                    .handler(ReplicationSettings.HANDLER)
                    .code(Code.fromAsset(replication.replicatorCode().toString()))
                    .memorySize(1024)
                    .timeout(Duration.minutes(1))
                    .role(replicatorRole)
                    .logGroup(logs.get(logical))
                    .environment(Map.of("CUTOVER_TARGET_TABLE", config.resources(Side.NEW).table(logical).name(),
                            "CUTOVER_CHECKPOINT_TABLE", settings.checkpointTableName(),
                            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                    .build();
            // Cross-account: the stream's resource policy (legacyStreamPolicy) lets this role read it.
            CfnEventSourceMapping.Builder.create(this, "ReplicatorMapping-" + logical)
                    .functionName(function.getFunctionName())
                    .eventSourceArn(streamArn)
                    .startingPosition("TRIM_HORIZON")
                    .batchSize(ReplicationSettings.BATCH_SIZE)
                    .bisectBatchOnFunctionError(true)
                    .maximumRetryAttempts(ReplicationSettings.RETRY_ATTEMPTS)
                    .functionResponseTypes(List.of("ReportBatchItemFailures"))
                    .destinationConfig(CfnEventSourceMapping.DestinationConfigProperty.builder()
                            .onFailure(CfnEventSourceMapping.OnFailureProperty.builder()
                                    .destination(failures.get(logical).getQueueArn()).build()).build())
                    .build();
            replicators.put(logical, function);
        });
        CfnOutput.Builder.create(this, "ReplicatorRoleArn").value(replicatorRole.getRoleArn())
                .description("The principal of the legacy stream policies (docs/cdk.md, Replication)").build();
    }

    private static void requireCode(Path code, String contextKey, String build) {
        if (!Files.exists(code)) {
            throw new CdkException("the Lambda package " + code + " does not exist; build it with '" + build + "' or point context key '"
                    + contextKey + "' at it (-c " + contextKey + "=PATH)");
        }
    }

    /** The log streams of a function's own log group (the router's, the migration worker's): wildcards the map does not derive. */
    public static String routerLogStreams(Arns arns, String logGroupName) {
        return "arn:aws:logs:" + arns.region() + ":" + arns.accountId() + ":log-group:" + logGroupName + ":*";
    }

    /** A route's authorizer: none (open), IAM (SigV4 callers allowed execute-api:Invoke) or the API's one JWT authorizer. */
    private static IHttpRouteAuthorizer authorizer(RouteAuth auth, HttpJwtAuthorizer jwt) {
        return switch (auth) {
            case NONE -> new HttpNoneAuthorizer();
            case IAM -> new HttpIamAuthorizer();
            case JWT -> jwt;
        };
    }

    private static PolicyStatement assumeLegacyRole(List<String> legacyRoleArns) {
        return PolicyStatement.Builder.create().sid("AssumeLegacyRole").effect(Effect.ALLOW)
                .actions(List.of("sts:AssumeRole")).resources(legacyRoleArns.stream().distinct().toList()).build();
    }

    private Function routerFunction(CutoverConfig config, LogGroup logGroup) {
        if (!Files.exists(settings.routerCode())) {
            throw new CdkException("the router package " + settings.routerCode() + " does not exist; build it with "
                    + "'./mvnw -q -pl router -am package -DskipTests' or point context key '" + CutoverSettings.ROUTER_JAR
                    + "' at it (-c routerJar=PATH)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(CONFIG_ENV, settings.configJson());
        // Cold starts: C1 only is the usual choice for short Lambda invocations.
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        int size = env.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (size > LAMBDA_ENV_LIMIT) {
            throw new CdkException("the configuration is " + settings.configJson().length() + " characters as JSON, too large for "
                    + "Lambda's 4 KB of environment variables; shorten descriptions or split the operations");
        }
        long timeoutSeconds = Math.min(29, config.router().backendTimeout().plus(config.router().secondaryTimeout())
                .plusSeconds(5).toSeconds());
        return Function.Builder.create(this, "Router")
                .functionName(settings.routerFunctionName())
                .description("cutover router: serves each operation from the legacy or the new account as the flags say")
                .runtime(Runtime.JAVA_21)
                .handler(settings.routerHandler())
                .code(Code.fromAsset(settings.routerCode().toString()))
                .memorySize(1024)
                .timeout(Duration.seconds(timeoutSeconds))
                .role(routerRole)
                .logGroup(logGroup)
                .environment(env)
                .snapStart(settings.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .build();
    }

    private void tables(SideResources resources) {
        resources.tables().forEach((logical, spec) -> {
            if (settings.importedTables().contains(logical)) {
                // ImportTable creates it (migrate dynamodb --via-export): see docs/cdk.md
                return;
            }
            Table.Builder table = Table.Builder.create(this, "Table-" + logical)
                    .tableName(spec.name())
                    .partitionKey(attribute(spec.partitionKey()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                    .removalPolicy(RemovalPolicy.RETAIN);
            spec.sortKey().ifPresent(k -> table.sortKey(attribute(k)));
            Table built = table.build();
            for (TableIndex index : spec.indexes()) {
                GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                        .indexName(index.name()).partitionKey(attribute(index.partitionKey()));
                index.sortKey().ifPresent(k -> gsi.sortKey(attribute(k)));
                built.addGlobalSecondaryIndex(gsi.build());
            }
        });
    }

    /**
     * The bucket {@code migrate dynamodb --via-export} exports to: bucket owner enforced (every object, the legacy role's
     * export included, belongs to this account), no public access, TLS only, and a policy letting the legacy role write
     * exactly what {@link Permissions#forExportSource} grants it on its side.
     */
    private void exportBucket(String name, String prefix, String legacyRoleArn) {
        Bucket bucket = Bucket.Builder.create(this, "ExportBucket").bucketName(name)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        bucket.addToResourcePolicy(PolicyStatement.Builder.create().sid("LegacyExportWrites").effect(Effect.ALLOW)
                .principals(List.of(new ArnPrincipal(legacyRoleArn)))
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(bucket.arnForObjects(prefix + "/*")))
                .build());
    }

    private void queues(SideResources resources) {
        resources.queues().forEach((logical, spec) -> {
            String base = spec.fifo() ? spec.name().substring(0, spec.name().length() - ".fifo".length()) : spec.name();
            String dlqName = base + "-dlq" + (spec.fifo() ? ".fifo" : "");
            Queue dlq = Queue.Builder.create(this, "Dlq-" + logical).queueName(dlqName)
                    .fifo(spec.fifo() ? Boolean.TRUE : null)
                    .encryption(QueueEncryption.SQS_MANAGED).retentionPeriod(Duration.days(14)).build();
            Queue.Builder.create(this, "Queue-" + logical).queueName(spec.name())
                    .fifo(spec.fifo() ? Boolean.TRUE : null)
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(DLQ_MAX_RECEIVE_COUNT).build())
                    .build();
        });
    }

    private static Attribute attribute(KeyAttribute key) {
        AttributeType type = switch (key.type()) {
            case "S" -> AttributeType.STRING;
            case "N" -> AttributeType.NUMBER;
            case "B" -> AttributeType.BINARY;
            default -> throw new CdkException("key attribute '" + key.name() + "' has type '" + key.type() + "'; use S, N or B");
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }
}
