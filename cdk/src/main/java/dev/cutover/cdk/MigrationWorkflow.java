package dev.cutover.cdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Arns;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.constructs.Construct;

/**
 * The migration workers in the new account: the worker Lambda (one worker slice of a table copy per
 * invocation, until its deadline) and a Step Functions state machine whose Distributed Map runs one
 * child execution per worker index, each looping the worker until it answers {@code done}. Execution
 * input: {@code {"table": "items", "workers": 4, "workerIndexes": [0, 1, 2, 3], "segments": 64, "rate": "2000"}}.
 *
 * <p>The definition is written as Amazon States Language here, with every ARN computed from the fixed
 * names, so the synthesized template holds it as plain JSON (tests parse it) and the role's policy
 * names exact resources.
 */
public final class MigrationWorkflow {
    public static final String WORKER_FUNCTION_NAME = "cutover-migration-worker";
    public static final String STATE_MACHINE_NAME = "cutover-migration";
    public static final String WORKER_HANDLER = "dev.cutover.migrations.lambda.MigrationWorkerHandler::handleRequest";
    public static final String STATE_MACHINE_POLICY = "run-migration-workers";
    /** Lambda's maximum: each invocation copies for 15 min minus the margin, then the loop invokes it again. */
    static final int WORKER_TIMEOUT_MINUTES = 15;
    static final int WORKER_MEMORY_MB = 2048;
    static final int MARGIN_SECONDS = 60;

    private final Function worker;
    private final CfnStateMachine stateMachine;
    private final String definition;
    private final String stateMachineArn;

    MigrationWorkflow(Construct scope, CutoverSettings settings, Arns arns, Role role, Table checkpoints, String logGroupName) {
        if (!Files.exists(settings.migrationCode())) {
            throw new CdkException("the migrations package " + settings.migrationCode() + " does not exist; build it with "
                    + "'./mvnw -q -pl migrations -am package -DskipTests' or point context key '" + CutoverSettings.MIGRATION_JAR
                    + "' at it (-c migrationJar=PATH)");
        }
        LogGroup logGroup = LogGroup.Builder.create(scope, "MigrationWorkerLogs").logGroupName(logGroupName)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        this.worker = Function.Builder.create(scope, "MigrationWorker")
                .functionName(WORKER_FUNCTION_NAME)
                .description("cutover migration worker: copies one worker's share of a table's scan segments until its deadline")
                .runtime(Runtime.JAVA_21)
                .handler(WORKER_HANDLER)
                .code(Code.fromAsset(settings.migrationCode().toString()))
                .memorySize(WORKER_MEMORY_MB)
                .timeout(Duration.minutes(WORKER_TIMEOUT_MINUTES))
                .reservedConcurrentExecutions(settings.migrationConcurrency())
                .role(role)
                .logGroup(logGroup)
                .environment(Map.of(NewAccountStack.CONFIG_ENV, settings.configJson(),
                        "CUTOVER_CHECKPOINT_TABLE", settings.checkpointTableName()))
                .build();
        worker.getNode().addDependency(checkpoints);
        String workerArn = "arn:aws:lambda:" + arns.region() + ":" + arns.accountId() + ":function:" + WORKER_FUNCTION_NAME;
        this.stateMachineArn = "arn:aws:states:" + arns.region() + ":" + arns.accountId() + ":stateMachine:" + STATE_MACHINE_NAME;
        this.definition = definition(workerArn, settings.checkpointTableName(), settings.migrationConcurrency());

        Role stateMachineRole = Role.Builder.create(scope, "MigrationStateMachineRole")
                .roleName("cutover-migration-workflow")
                .description("cutover migration state machine: runs the worker Lambda per worker index")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .inlinePolicies(Map.of(STATE_MACHINE_POLICY, PolicyDocument.Builder.create().statements(List.of(
                        PolicyStatement.Builder.create().sid("InvokeWorker").effect(Effect.ALLOW)
                                .actions(List.of("lambda:InvokeFunction")).resources(List.of(workerArn)).build(),
                        PolicyStatement.Builder.create().sid("StartChildExecutions").effect(Effect.ALLOW)
                                .actions(List.of("states:StartExecution")).resources(List.of(stateMachineArn)).build(),
                        PolicyStatement.Builder.create().sid("WatchChildExecutions").effect(Effect.ALLOW)
                                .actions(List.of("states:DescribeExecution", "states:StopExecution"))
                                .resources(List.of(executions(arns))).build())).build()))
                .build();
        this.stateMachine = CfnStateMachine.Builder.create(scope, "MigrationStateMachine")
                .stateMachineName(STATE_MACHINE_NAME)
                .stateMachineType("STANDARD")
                .roleArn(stateMachineRole.getRoleArn())
                .definitionString(definition)
                .build();
        stateMachine.getNode().addDependency(stateMachineRole);
    }

    /** The executions of the state machine (its Distributed Map's children among them); a wildcard the map does not derive. */
    public static String executions(Arns arns) {
        return "arn:aws:states:" + arns.region() + ":" + arns.accountId() + ":execution:" + STATE_MACHINE_NAME + "/*";
    }

    /** The state machine's definition: Amazon States Language JSON. */
    public String definition() {
        return definition;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public Function worker() {
        return worker;
    }

    public CfnStateMachine stateMachine() {
        return stateMachine;
    }

    static String definition(String workerArn, String checkpointTable, int maxConcurrency) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("Comment", "cutover: copy one table with N workers; each worker index is invoked again until it is done");
        root.put("StartAt", "Workers");
        ObjectNode map = root.putObject("States").putObject("Workers");
        map.put("Type", "Map");
        map.put("ItemsPath", "$.workerIndexes");
        map.put("MaxConcurrency", maxConcurrency);
        map.put("ToleratedFailurePercentage", 0);
        ObjectNode selector = map.putObject("ItemSelector");
        selector.put("table.$", "$.table");
        selector.put("workers.$", "$.workers");
        selector.put("segments.$", "$.segments");
        selector.put("rate.$", "$.rate");
        selector.put("workerIndex.$", "$$.Map.Item.Value");
        selector.put("checkpointTable", checkpointTable);
        selector.put("marginSeconds", MARGIN_SECONDS);
        ObjectNode processor = map.putObject("ItemProcessor");
        processor.putObject("ProcessorConfig").put("Mode", "DISTRIBUTED").put("ExecutionType", "STANDARD");
        processor.put("StartAt", "CopySlice");
        ObjectNode states = processor.putObject("States");
        ObjectNode task = states.putObject("CopySlice");
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::lambda:invoke");
        ObjectNode parameters = task.putObject("Parameters");
        parameters.put("FunctionName", workerArn);
        ObjectNode payload = parameters.putObject("Payload");
        for (String field : List.of("table", "workers", "segments", "rate", "workerIndex", "checkpointTable", "marginSeconds")) {
            payload.put(field + ".$", "$." + field);
        }
        ObjectNode result = task.putObject("ResultSelector");
        for (String field : List.of("done", "status", "scanned", "written", "deadLettered", "thisRunItems")) {
            result.put(field + ".$", "$.Payload." + field);
        }
        task.put("ResultPath", "$.result");
        ArrayNode retry = task.putArray("Retry");
        ObjectNode service = retry.addObject();
        service.putArray("ErrorEquals").add("Lambda.ServiceException").add("Lambda.AWSLambdaException").add("Lambda.SdkClientException")
                .add("Lambda.TooManyRequestsException");
        service.put("IntervalSeconds", 2).put("MaxAttempts", 6).put("BackoffRate", 2.0);
        ObjectNode failed = retry.addObject();
        failed.putArray("ErrorEquals").add("States.TaskFailed");
        failed.put("IntervalSeconds", 30).put("MaxAttempts", 3).put("BackoffRate", 2.0);
        task.put("Next", "WorkerDone?");
        ObjectNode choice = states.putObject("WorkerDone?");
        choice.put("Type", "Choice");
        choice.putArray("Choices").addObject().put("Variable", "$.result.done").put("BooleanEquals", true).put("Next", "WorkerDone");
        choice.put("Default", "CopySlice");
        states.putObject("WorkerDone").put("Type", "Succeed");
        map.put("End", true);
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new CdkException("cannot write the state machine definition: " + e.getOriginalMessage(), e);
        }
    }
}
