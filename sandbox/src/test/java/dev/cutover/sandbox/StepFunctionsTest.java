package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** The Step Functions stand-in over HTTP with the SDK's SfnClient: the project's shape of workflow (Map → Task ↔ Choice). */
class StepFunctionsTest {
    private static final String NEW = SandboxConfig.DEFAULT_NEW_ACCOUNT_ID;
    private static final String ROLE_ARN = "arn:aws:iam::" + NEW + ":role/workflow";
    private static final String INVOKE_WORKER = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction",
              "Resource": "arn:aws:lambda:us-east-1:222222222222:function:worker"}]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder().stepFunctionsTimeScale(0.001)
            .role(IamRole.builder().accountId(NEW).name("workflow").trustAccount(NEW).inlinePolicy("invoke", INVOKE_WORKER).build())
            .role(IamRole.builder().accountId(NEW).name("powerless").trustAccount(NEW).build())
            .build());

    /** The shape of cdk's MigrationWorkflow: a Distributed Map over indexes, each looping a Lambda task until it says done. */
    private static String loopDefinition(String functionArn) {
        return """
            {"StartAt": "Workers", "States": {"Workers": {"Type": "Map", "ItemsPath": "$.indexes", "MaxConcurrency": 2,
              "ToleratedFailurePercentage": 0,
              "ItemSelector": {"rounds.$": "$.rounds", "index.$": "$$.Map.Item.Value", "fixed": "x"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Slice",
                "States": {
                  "Slice": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "%s", "Payload": {"rounds.$": "$.rounds", "index.$": "$.index"}},
                    "ResultSelector": {"done.$": "$.Payload.done", "calls.$": "$.Payload.calls"}, "ResultPath": "$.result",
                    "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 30, "MaxAttempts": 2, "BackoffRate": 2.0}],
                    "Next": "Done?"},
                  "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.result.done", "BooleanEquals": true, "Next": "Done"}],
                    "Default": "Slice"},
                  "Done": {"Type": "Succeed"}}},
              "End": true}}}""".formatted(functionArn);
    }

    @Test
    void startExecution_withADistributedMapLoopingALambda_runsEveryItemUntilDoneAndSucceeds() throws Exception {
        Sandbox sandbox = SANDBOX.sandbox();
        Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
        String arn = sandbox.lambdas().register(NEW, "worker", (input, context) -> {
            int index = ((Number) input.get("index")).intValue();
            int call = calls.computeIfAbsent(index, i -> new AtomicInteger()).incrementAndGet();
            assertThat(context.getRemainingTimeInMillis()).isPositive();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("done", call >= ((Number) input.get("rounds")).intValue());
            out.put("calls", call);
            return out;
        }, Duration.ofMinutes(1));
        try (SfnClient sfn = sfn(sandbox)) {
            String machine = sfn.createStateMachine(r -> r.name("loop").roleArn(ROLE_ARN).definition(loopDefinition(arn)))
                    .stateMachineArn();

            String execution = sfn.startExecution(r -> r.stateMachineArn(machine).name("run-1")
                    .input("{\"indexes\": [0, 1, 2], \"rounds\": 3}")).executionArn();
            DescribeExecutionResponse done = awaitEnd(sfn, execution);

            assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(calls).containsOnlyKeys(0, 1, 2);
            assertThat(calls.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(3));
            JsonNode output = JSON.readTree(done.output());
            assertThat(output).hasSize(3);
            assertThat(output.get(2).path("result").path("calls").asInt()).isEqualTo(3);
            assertThat(output.get(2).path("fixed").asText()).isEqualTo("x");
            assertThat(execution).isEqualTo("arn:aws:states:us-east-1:" + NEW + ":execution:loop:run-1");
        }
    }

    @Test
    void startExecution_whenOneItemKeepsFailing_retriesThenFailsTheExecutionOverTheTolerance() {
        Sandbox sandbox = SANDBOX.sandbox();
        AtomicInteger failures = new AtomicInteger();
        String arn = sandbox.lambdas().register(NEW, "worker", (input, context) -> {
            if (((Number) input.get("index")).intValue() == 1) {
                failures.incrementAndGet();
                throw new IllegalStateException("worker 1 cannot reach its table");
            }
            return Map.of("done", true, "calls", 1);
        }, Duration.ofMinutes(1));
        try (SfnClient sfn = sfn(sandbox)) {
            String machine = sfn.createStateMachine(r -> r.name("failing").roleArn(ROLE_ARN).definition(loopDefinition(arn)))
                    .stateMachineArn();

            DescribeExecutionResponse done = awaitEnd(sfn, sfn.startExecution(r -> r.stateMachineArn(machine)
                    .input("{\"indexes\": [0, 1], \"rounds\": 1}")).executionArn());

            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
            assertThat(done.cause()).contains("1 of 2 items failed", "java.lang.IllegalStateException", "worker 1 cannot reach its table");
            assertThat(failures.get()).as("the first call and MaxAttempts 2 retries").isEqualTo(3);
        }
    }

    @Test
    void startExecution_whenTheRoleMayNotInvokeTheFunction_failsWithLambdasAccessDenied() {
        Sandbox sandbox = SANDBOX.sandbox();
        String arn = sandbox.lambdas().register(NEW, "worker", (input, context) -> Map.of("done", true, "calls", 1), Duration.ofMinutes(1));
        try (SfnClient sfn = sfn(sandbox)) {
            String machine = sfn.createStateMachine(r -> r.name("denied").roleArn("arn:aws:iam::" + NEW + ":role/powerless")
                    .definition(loopDefinition(arn))).stateMachineArn();

            DescribeExecutionResponse done = awaitEnd(sfn, sfn.startExecution(r -> r.stateMachineArn(machine)
                    .input("{\"indexes\": [0], \"rounds\": 1}")).executionArn());

            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
            assertThat(done.cause()).contains("Lambda.AWSLambdaException", "lambda:InvokeFunction");
        }
    }

    @Test
    void stopExecution_whileALambdaRuns_endsItAborted() throws Exception {
        Sandbox sandbox = SANDBOX.sandbox();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String arn = sandbox.lambdas().register(NEW, "worker", (input, context) -> {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("done", false, "calls", 1);
        }, Duration.ofMinutes(1));
        try (SfnClient sfn = sfn(sandbox)) {
            String machine = sfn.createStateMachine(r -> r.name("stopped").roleArn(ROLE_ARN).definition(loopDefinition(arn)))
                    .stateMachineArn();
            String execution = sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"indexes\": [0], \"rounds\": 1}"))
                    .executionArn();
            assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();

            sfn.stopExecution(r -> r.executionArn(execution).error("Operator").cause("stopped by hand"));
            release.countDown();

            DescribeExecutionResponse done = awaitEnd(sfn, execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(done.error()).isEqualTo("Operator");
        }
    }

    @Test
    void createStateMachine_withAStateTheSandboxDoesNotRun_isRefusedByName() {
        try (SfnClient sfn = sfn(SANDBOX.sandbox())) {
            assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("parallel").roleArn(ROLE_ARN).definition(
                    "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Parallel\", \"Branches\": [], \"End\": true}}}")))
                    .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("state type 'Parallel' is not supported");
            assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("catch").roleArn(ROLE_ARN).definition(
                    "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Pass\", \"Catch\": [], \"End\": true}}}")))
                    .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("field 'Catch' is not supported");
        }
    }

    @Test
    void describeAndStart_unknownArns_answerTheServicesErrors() {
        try (SfnClient sfn = sfn(SANDBOX.sandbox())) {
            assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn("arn:aws:states:us-east-1:" + NEW + ":stateMachine:none")))
                    .isInstanceOf(StateMachineDoesNotExistException.class);
            assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn("arn:aws:states:us-east-1:" + NEW
                    + ":execution:none:x"))).isInstanceOf(ExecutionDoesNotExistException.class);
        }
    }

    @Test
    void startExecution_byARoleWithoutStatesStartExecution_isDenied() {
        Sandbox sandbox = SANDBOX.sandbox();
        try (SfnClient sfn = sfn(sandbox)) {
            String machine = sfn.createStateMachine(r -> r.name("guarded").roleArn(ROLE_ARN).definition(
                    "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}")).stateMachineArn();
            try (SfnClient powerless = TestClients.build(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()), sandbox,
                    TestClients.session(TestClients.rootSts(sandbox, NEW).assumeRole(r -> r.roleArn("arn:aws:iam::" + NEW
                            + ":role/powerless").roleSessionName("tester"))))) {
                assertThatThrownBy(() -> powerless.startExecution(r -> r.stateMachineArn(machine)))
                        .isInstanceOf(SfnException.class).hasMessageContaining("states:StartExecution");
            }
        }
    }

    private static SfnClient sfn(Sandbox sandbox) {
        return TestClients.build(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()), sandbox,
                TestClients.root(sandbox, NEW));
    }

    private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the execution still runs after 120 s: " + d);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
