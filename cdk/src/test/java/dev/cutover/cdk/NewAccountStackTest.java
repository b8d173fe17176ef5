package dev.cutover.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.cdk.PolicyGrants.Grant;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Operation;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.TableIndex;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.sandbox.internal.appconfig.ConfigurationProblem;
import dev.cutover.sandbox.internal.appconfig.FeatureFlagsValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;

class NewAccountStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FeatureFlagsValidator FLAGS_VALIDATOR = new FeatureFlagsValidator(JSON);
    private static CutoverApp.Stacks stacks;
    private static NewAccountStack stack;
    private static CutoverConfig config;
    private static Template template;
    private static Map<String, Object> json;

    @BeforeAll
    static void synth() {
        stacks = TestApps.example();
        stack = stacks.newAccount();
        config = stack.legacyAccessProps().config();
        template = Template.fromStack(stack);
        json = template.toJSON();
    }

    @Test
    void routerRole_grantsExactlyRouterPermissionsPlusLegacyRoleFlagsAndOwnLogs() {
        Set<Grant> expected = new HashSet<>(PolicyGrants.of(new Permissions(config).forRouter(Side.NEW)));
        expected.add(new Grant("sts:AssumeRole", config.accounts().legacy().roleArn(), Map.of()));
        Object flagsArn = stack.resolve(stack.flagsConfigurationArn());
        expected.add(new Grant("appconfig:StartConfigurationSession", flagsArn, Map.of()));
        expected.add(new Grant("appconfig:GetLatestConfiguration", flagsArn, Map.of()));
        String logs = NewAccountStack.routerLogStreams(config.arns(Side.NEW), "/aws/lambda/cutover-router");
        expected.add(new Grant("logs:CreateLogStream", logs, Map.of()));
        expected.add(new Grant("logs:PutLogEvents", logs, Map.of()));

        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(json, logicalId(stack.routerRole()));

        assertThat(policies).containsOnlyKeys(NewAccountStack.ROUTER_POLICY);
        assertThat(policies.get(NewAccountStack.ROUTER_POLICY)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(flagsArn.toString()).contains("FlagsApplication").contains("FlagsEnvironment").contains("FlagsProfile");
    }

    @Test
    void migrationRole_grantsExactlyMigrationTargetAndCheckpointPermissionsPlusLegacyRoleAndOwnLogs() {
        Set<Grant> expected = new HashSet<>(PolicyGrants.of(new Permissions(config).forMigrationTarget()));
        expected.addAll(PolicyGrants.of(new Permissions(config).forCheckpointTable("cutover-checkpoints")));
        // The jobs' legacy role, not the router's: each job assumes its own.
        expected.add(new Grant("sts:AssumeRole", config.accounts().legacy().roleArn(LegacyAccount.Job.MIGRATION), Map.of()));
        String logs = NewAccountStack.routerLogStreams(config.arns(Side.NEW), "/aws/lambda/" + MigrationWorkflow.WORKER_FUNCTION_NAME);
        expected.add(new Grant("logs:CreateLogStream", logs, Map.of()));
        expected.add(new Grant("logs:PutLogEvents", logs, Map.of()));

        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(json, logicalId(stack.migrationRole()));

        assertThat(policies).containsOnlyKeys(NewAccountStack.MIGRATION_POLICY);
        assertThat(policies.get(NewAccountStack.MIGRATION_POLICY)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void roles_haveFixedNamesMatchingTheLegacyTrust_andNoOtherPolicies() {
        LegacyAccessProps props = stack.legacyAccessProps();
        template.hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "cutover-router"));
        template.hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "cutover-migration"));
        assertThat(props.routerRoleArn()).isEqualTo(config.arns(Side.NEW).role("cutover-router"));
        assertThat(props.migrationRoleArn()).isEqualTo(config.arns(Side.NEW).role("cutover-migration"));
        template.resourceCountIs("AWS::IAM::Role", 3); // router, migration workers, the state machine that runs them
        template.resourceCountIs("AWS::IAM::Policy", 0);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    }

    @Test
    void policies_ofBothStacks_haveNoWildcardActionsPrincipalsOrResourcesBeyondTheExactScopes() {
        Permissions permissions = new Permissions(config);
        Set<Object> scopedWildcards = new HashSet<>();
        for (List<dev.cutover.config.Permission> list : List.of(permissions.forLegacyRole(LegacyAccount.Job.ROUTER),
                permissions.forLegacyRole(LegacyAccount.Job.MIGRATION), permissions.forRouter(Side.NEW),
                permissions.forMigrationTarget())) {
            list.forEach(p -> scopedWildcards.add(p.resource()));
        }
        scopedWildcards.add(NewAccountStack.routerLogStreams(config.arns(Side.NEW), "/aws/lambda/cutover-router"));
        scopedWildcards.add(NewAccountStack.routerLogStreams(config.arns(Side.NEW),
                "/aws/lambda/" + MigrationWorkflow.WORKER_FUNCTION_NAME));
        scopedWildcards.add(MigrationWorkflow.executions(config.arns(Side.NEW)));
        int statements = 0;
        for (Map<String, Object> template : List.of(json, Template.fromStack(stacks.legacyAccess()).toJSON())) {
            for (Map<String, Object> document : PolicyGrants.allPolicyDocuments(template)) {
                for (Map<String, Object> statement : PolicyGrants.statements(document)) {
                    statements++;
                    assertThat(statement).doesNotContainKeys("NotAction", "NotResource", "NotPrincipal");
                    for (Object action : PolicyGrants.listOf(statement.get("Action"))) {
                        assertThat(action.toString()).doesNotContain("*").doesNotContain("?");
                    }
                    for (Object resource : PolicyGrants.listOf(statement.get("Resource"))) {
                        assertThat(resource).isNotEqualTo("*");
                        if (resource.toString().contains("*")) {
                            assertThat(scopedWildcards).as("wildcard resource %s must be an exact scope the map derives", resource)
                                    .contains(resource);
                        }
                    }
                    if (statement.get("Principal") instanceof Map<?, ?> principal) {
                        for (Object value : principal.values()) {
                            for (Object p : PolicyGrants.listOf(value)) {
                                assertThat(p.toString()).isNotEqualTo("*").doesNotEndWith(":root");
                            }
                        }
                    }
                }
            }
        }
        assertThat(statements).isGreaterThan(10);
    }

    @Test
    void migrationStateMachine_definition_isADistributedMapLoopingTheWorkerLambdaUntilDone() throws Exception {
        Map<String, Map<String, Object>> machines = template.findResources("AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) machines.values().iterator().next().get("Properties");
        assertThat(properties.get("DefinitionString")).as("a plain JSON string, no tokens").isInstanceOf(String.class);
        com.fasterxml.jackson.databind.JsonNode asl = JSON.readTree((String) properties.get("DefinitionString"));

        assertThat(asl.get("StartAt").asText()).isEqualTo("Workers");
        com.fasterxml.jackson.databind.JsonNode map = asl.get("States").get("Workers");
        assertThat(map.get("Type").asText()).isEqualTo("Map");
        assertThat(map.get("MaxConcurrency").asInt()).isEqualTo(8);
        assertThat(map.get("ItemsPath").asText()).isEqualTo("$.workerIndexes");
        assertThat(map.get("ItemSelector").get("workerIndex.$").asText()).isEqualTo("$$.Map.Item.Value");
        assertThat(map.get("ItemSelector").get("checkpointTable").asText()).isEqualTo("cutover-checkpoints");
        assertThat(map.get("End").asBoolean()).isTrue();
        com.fasterxml.jackson.databind.JsonNode processor = map.get("ItemProcessor");
        assertThat(processor.get("ProcessorConfig").get("Mode").asText()).isEqualTo("DISTRIBUTED");
        com.fasterxml.jackson.databind.JsonNode states = processor.get("States");
        com.fasterxml.jackson.databind.JsonNode task = states.get(processor.get("StartAt").asText());
        assertThat(task.get("Type").asText()).isEqualTo("Task");
        assertThat(task.get("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke");
        String workerArn = "arn:aws:lambda:" + config.region() + ":" + config.accounts().newAccountId() + ":function:"
                + MigrationWorkflow.WORKER_FUNCTION_NAME;
        assertThat(task.get("Parameters").get("FunctionName").asText()).isEqualTo(workerArn);
        assertThat(task.get("Parameters").get("Payload").get("workerIndex.$").asText()).isEqualTo("$.workerIndex");
        com.fasterxml.jackson.databind.JsonNode choice = states.get(task.get("Next").asText());
        assertThat(choice.get("Type").asText()).isEqualTo("Choice");
        assertThat(choice.get("Choices").get(0).get("Variable").asText()).isEqualTo(task.get("ResultPath").asText() + ".done");
        assertThat(choice.get("Choices").get(0).get("BooleanEquals").asBoolean()).isTrue();
        assertThat(states.get(choice.get("Choices").get(0).get("Next").asText()).get("Type").asText()).isEqualTo("Succeed");
        assertThat(choice.get("Default").asText()).as("not done: invoke the worker again").isEqualTo(processor.get("StartAt").asText());

        template.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", MigrationWorkflow.WORKER_FUNCTION_NAME,
                "Handler", MigrationWorkflow.WORKER_HANDLER, "Timeout", 900, "MemorySize", 2048, "ReservedConcurrentExecutions", 8));
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", "cutover-checkpoints",
                "KeySchema", List.of(Map.of("AttributeName", "job", "KeyType", "HASH"))));
        template.hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "cutover-migration",
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "lambda.amazonaws.com"))))))));
        Map<String, Set<Grant>> machinePolicy = PolicyGrants.inlinePolicies(json, logicalId(
                (Role) stack.getNode().findChild("MigrationStateMachineRole")));
        assertThat(machinePolicy.get(MigrationWorkflow.STATE_MACHINE_POLICY))
                .contains(new Grant("lambda:InvokeFunction", workerArn, Map.of()));
    }

    @Test
    void api_hasExactlyOneRoutePerOperation_toTheRouter() {
        template.resourceCountIs("AWS::ApiGatewayV2::Route", config.operations().size());
        for (Operation operation : config.operations()) {
            template.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of(
                    "RouteKey", operation.route().method() + " " + operation.route().pathTemplate())));
        }
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Match.objectLike(Map.of(
                "IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0")));
        template.resourceCountIs("AWS::ApiGatewayV2::Integration", 1);
    }

    @Test
    void api_eachRoute_hasTheAuthorizationItsOperationNames() {
        for (Operation operation : config.operations()) {
            String type = switch (operation.auth()) {
                case IAM -> "AWS_IAM";
                case JWT -> "JWT";
                case NONE -> "NONE";
                default -> throw new IllegalStateException(operation.auth().toString());
            };
            template.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of(
                    "RouteKey", operation.route().method() + " " + operation.route().pathTemplate(), "AuthorizationType", type)));
        }
        // The example's decrypted SecureString is behind IAM auth, never on an open route.
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of(
                "RouteKey", "GET /settings/{name}", "AuthorizationType", "AWS_IAM")));
        template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    }

    @Test
    void api_jwtRoute_usesOneJwtAuthorizerWithTheConfiguredIssuerAndAudience() {
        String text = CutoverConfig.exampleText();
        String getItem = "    route: GET /items/{id}\n";
        assertThat(text).as("the example still has what this test edits").contains(getItem).containsOnlyOnce("\noperations:\n");
        String jwt = "\njwtAuthorizer:\n  issuer: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123\n"
                + "  audience: [shop-web]\n";
        text = text.replace("\noperations:\n", jwt + "\noperations:\n").replace(getItem, getItem + "    auth: jwt\n");
        Path file = TestApps.tempDir("jwt-config").resolve("cutover.yaml");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Template withJwt = Template.fromStack(TestApps.build(Map.of(CutoverSettings.CONFIG_FILE, file.toString())).newAccount());

        withJwt.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
        withJwt.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Match.objectLike(Map.of(
                "AuthorizerType", "JWT",
                "JwtConfiguration", Map.of("Issuer", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
                        "Audience", List.of("shop-web")))));
        withJwt.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of(
                "RouteKey", "GET /items/{id}", "AuthorizationType", "JWT")));
    }

    @Test
    void flags_haveOneFlagPerOperationPlusKillSwitch_allLegacy() throws Exception {
        JsonNode document = hostedFlagsDocument();
        Set<String> expected = new HashSet<>();
        config.operations().forEach(o -> expected.add(o.name()));
        expected.add(RoutingFlags.KILL_SWITCH);
        Set<String> flags = new HashSet<>();
        document.path("flags").fieldNames().forEachRemaining(flags::add);
        assertThat(flags).isEqualTo(expected);
        for (Operation operation : config.operations()) {
            assertThat(document.path("values").path(operation.name()).path(RoutingFlags.TARGET).asText()).isEqualTo("legacy");
        }
        assertThat(document.path("values").path(RoutingFlags.KILL_SWITCH).path("enabled").asBoolean(true)).isFalse();
        assertThat(RoutingFlags.fromHostedDocument(document.toString(), config)).isEqualTo(RoutingFlags.allLegacy(config));
    }

    @Test
    void flags_hostedDocument_isValidForAppConfig() throws Exception {
        // The sandbox's validator is the project's one definition of what AppConfig accepts as a FeatureFlags version.
        JsonNode document = hostedFlagsDocument();
        assertThat(FLAGS_VALIDATOR.validate(JSON.writeValueAsBytes(document))).isEmpty();

        // The check can fail: a value outside its enum and a missing required attribute are reported.
        ObjectNode broken = document.deepCopy();
        String first = config.operations().get(0).name();
        ((ObjectNode) broken.path("values").path(first)).put(RoutingFlags.TARGET, "sideways");
        ((ObjectNode) broken.path("values").path(first)).remove(RoutingFlags.CANARY_PERCENT);
        assertThat(FLAGS_VALIDATOR.validate(JSON.writeValueAsBytes(broken))).extracting(ConfigurationProblem::constraint)
                .containsExactlyInAnyOrder("enum", "required");
    }

    @Test
    void flags_areDeployedAsAFeatureFlagsProfileWithAnAllAtOnceStrategy() {
        template.hasResourceProperties("AWS::AppConfig::Application", Map.of("Name", config.appConfig().application()));
        template.hasResourceProperties("AWS::AppConfig::Environment", Match.objectLike(Map.of("Name", config.appConfig().environment())));
        template.hasResourceProperties("AWS::AppConfig::ConfigurationProfile", Match.objectLike(Map.of(
                "Name", config.appConfig().profile(), "LocationUri", "hosted", "Type", "AWS.AppConfig.FeatureFlags")));
        template.hasResourceProperties("AWS::AppConfig::DeploymentStrategy", Match.objectLike(Map.of(
                "DeploymentDurationInMinutes", 0, "GrowthFactor", 100, "ReplicateTo", "NONE")));
        template.hasResourceProperties("AWS::AppConfig::Deployment", Match.objectLike(Map.of(
                "ConfigurationVersion", Map.of("Fn::GetAtt", List.of("FlagsAllLegacy", "VersionNumber")))));
    }

    @Test
    void tables_haveTheConfiguredKeySchemaAndIndexes() {
        config.resources(Side.NEW).tables().values().forEach(table -> {
            List<Object> keys = new java.util.ArrayList<>();
            keys.add(Map.of("AttributeName", table.partitionKey().name(), "KeyType", "HASH"));
            table.sortKey().ifPresent(k -> keys.add(Map.of("AttributeName", k.name(), "KeyType", "RANGE")));
            List<Object> indexes = new java.util.ArrayList<>();
            for (TableIndex index : table.indexes()) {
                List<Object> indexKeys = new java.util.ArrayList<>();
                indexKeys.add(Map.of("AttributeName", index.partitionKey().name(), "KeyType", "HASH"));
                index.sortKey().ifPresent(k -> indexKeys.add(Map.of("AttributeName", k.name(), "KeyType", "RANGE")));
                indexes.add(Match.objectLike(Map.of("IndexName", index.name(), "KeySchema", indexKeys)));
            }
            template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                    "TableName", table.name(), "KeySchema", keys, "BillingMode", "PAY_PER_REQUEST",
                    "GlobalSecondaryIndexes", indexes)));
        });
        template.resourceCountIs("AWS::DynamoDB::Table", config.resources(Side.NEW).tables().size() + 1); // + the checkpoint table
    }

    @Test
    void queues_areFifoWhenConfigured_eachWithADeadLetterQueue() {
        config.resources(Side.NEW).queues().values().forEach(queue -> {
            Map<String, Object> props = new TreeMap<>(Map.of("QueueName", queue.name(),
                    "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 5))));
            if (queue.fifo()) {
                props.put("FifoQueue", true);
            } else {
                props.put("FifoQueue", Match.absent());
            }
            template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(props));
        });
        template.resourceCountIs("AWS::SQS::Queue", 2 * config.resources(Side.NEW).queues().size());
    }

    @Test
    void router_runsJava21WithTheEffectiveConfigInItsEnvironment() {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("FunctionName", "cutover-router")));
        assertThat(functions).hasSize(1);
        template.resourceCountIs("AWS::Lambda::Function", 2); // the router and the migration worker
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) functions.values().iterator().next().get("Properties");
        assertThat(props).containsEntry("Runtime", "java21").containsEntry("FunctionName", "cutover-router")
                .containsEntry("Handler", "dev.cutover.router.RouterHandler::handleRequest").doesNotContainKey("SnapStart");
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables");
        CutoverConfig fromEnv = CutoverConfig.parse((String) env.get(NewAccountStack.CONFIG_ENV), "env");
        assertThat(fromEnv.operations()).hasSameSizeAs(config.operations());
        assertThat(fromEnv.accounts()).isEqualTo(config.accounts());
        assertThat(fromEnv.resources()).isEqualTo(config.resources());
    }

    private static JsonNode hostedFlagsDocument() throws Exception {
        Map<String, Map<String, Object>> versions = template.findResources("AWS::AppConfig::HostedConfigurationVersion");
        assertThat(versions).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) versions.values().iterator().next().get("Properties");
        assertThat(props).containsEntry("ContentType", "application/json");
        return JSON.readTree((String) props.get("Content"));
    }

    private static String logicalId(Role role) {
        return stack.getLogicalId((CfnElement) role.getNode().getDefaultChild());
    }

    @Test
    void importedTables_whenNamed_leavesThoseTablesOutAndKeepsTheOthers() {
        String items = config.resources(Side.NEW).table("items").name();
        NewAccountStack imported = TestApps.build(Map.of(CutoverSettings.IMPORTED_TABLES, "items")).newAccount();
        Template t = Template.fromStack(imported);

        assertThat(t.findResources("AWS::DynamoDB::Table", Match.objectLike(Map.of("Properties", Map.of("TableName", items)))))
                .isEmpty();
        t.resourceCountIs("AWS::DynamoDB::Table", config.resources(Side.NEW).tables().size()); // the others + the checkpoint table
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", items));
    }

    @Test
    void importedTables_whenATableIsUnknown_failsNamingTheKnownOnes() {
        assertThatThrownBy(() -> TestApps.build(Map.of(CutoverSettings.IMPORTED_TABLES, "items,nope")))
                .isInstanceOf(CdkException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("items");
    }

    @Test
    void exportBucket_whenSet_makesAnOwnerEnforcedBucketTheLegacyRoleMayWriteExportsTo() {
        CutoverApp.Stacks exporting = TestApps.build(Map.of(CutoverSettings.EXPORT_BUCKET, "shop-export"));
        Template t = Template.fromStack(exporting.newAccount());
        String legacyRole = config.accounts().legacy().roleArn(LegacyAccount.Job.MIGRATION);

        t.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("BucketName", "shop-export",
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))))));
        Object statement = Match.objectLike(Map.of("Sid", "LegacyExportWrites", "Effect", "Allow", "Principal", Map.of("AWS", legacyRole),
                "Action", List.of("s3:PutObject", "s3:AbortMultipartUpload")));
        Object document = Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(statement))));
        t.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of("PolicyDocument", document)));
        template.resourceCountIs("AWS::S3::Bucket", 0);

        Map<String, Object> legacyJson = Template.fromStack(exporting.legacyAccess()).toJSON();
        Role migrationRole = exporting.legacyAccess().role(LegacyAccount.Job.MIGRATION).orElseThrow();
        String roleId = exporting.legacyAccess().getLogicalId((CfnElement) migrationRole.getNode().getDefaultChild());
        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(legacyJson, roleId);
        assertThat(policies.get(LegacyAccessStack.EXPORT_POLICY)).containsExactlyInAnyOrderElementsOf(
                PolicyGrants.of(new Permissions(config).forExportSource("shop-export", "cutover-export")));
    }

    @Test
    void importTarget_withExportBucketAndImportedTables_givesTheMigrationRoleExactlyTheDerivedImportGrants() {
        NewAccountStack importing = TestApps.build(Map.of(CutoverSettings.EXPORT_BUCKET, "shop-export",
                CutoverSettings.IMPORTED_TABLES, "items")).newAccount();
        String roleId = importing.getLogicalId((CfnElement) importing.migrationRole().getNode().getDefaultChild());

        Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(Template.fromStack(importing).toJSON(), roleId);

        List<Permission> derived = new Permissions(config).forImportTarget("shop-export", "cutover-export", List.of("items"));
        assertThat(policies.get(NewAccountStack.IMPORT_POLICY)).containsExactlyInAnyOrderElementsOf(PolicyGrants.of(derived));
        assertThat(derived).extracting(Permission::action).contains("dynamodb:ImportTable", "dynamodb:DescribeImport", "s3:GetObject",
                "s3:ListBucket", "logs:PutLogEvents").doesNotContain("dynamodb:CreateTable");
        assertThat(derived).extracting(Permission::resource).doesNotContain("*");
    }

    @Test
    void importTarget_withoutImportedTablesOrWithoutBucket_givesTheMigrationRoleNoImportGrants() {
        Map<String, Map<String, Object>> contexts = Map.of("neither", Map.of(),
                "bucket only", Map.of(CutoverSettings.EXPORT_BUCKET, "shop-export"),
                "tables only", Map.of(CutoverSettings.IMPORTED_TABLES, "items"));
        contexts.forEach((name, context) -> {
            NewAccountStack built = TestApps.build(context).newAccount();
            String roleId = built.getLogicalId((CfnElement) built.migrationRole().getNode().getDefaultChild());

            Map<String, Set<Grant>> policies = PolicyGrants.inlinePolicies(Template.fromStack(built).toJSON(), roleId);

            assertThat(policies).as(name).containsKey(NewAccountStack.MIGRATION_POLICY).doesNotContainKey(NewAccountStack.IMPORT_POLICY);
            assertThat(policies.values()).as(name).allSatisfy(grants -> assertThat(grants).extracting(Grant::action)
                    .doesNotContain("dynamodb:ImportTable", "dynamodb:DescribeImport"));
        });
    }
}
