package dev.cutover.sandbox.internal.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.sandbox.Lambdas;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.JsonTargetService;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step Functions behind the edge: AWS JSON 1.0 ({@code X-Amz-Target: AWSStepFunctions.<Op>}), signing name "states".
 * CreateStateMachine, DescribeStateMachine, DeleteStateMachine, StartExecution, DescribeExecution and StopExecution,
 * each authorising {@code states:<Op>} on the state machine or execution ARN first. Executions run in this JVM
 * ({@link Interpreter}); their Lambda tasks call functions registered in {@link Lambdas}, after checking that the
 * state machine's role allows {@code lambda:InvokeFunction} on the function.
 */
public final class StepFunctionsService extends JsonTargetService {
    private static final Set<String> OPERATIONS = Set.of("CreateStateMachine", "DescribeStateMachine", "DeleteStateMachine",
            "StartExecution", "DescribeExecution", "StopExecution");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern STATE_MACHINE_ARN = Pattern.compile("arn:aws:states:([a-z0-9-]+):(\\d{12}):stateMachine:([^:]+)");
    private static final Pattern EXECUTION_ARN = Pattern.compile("arn:aws:states:([a-z0-9-]+):(\\d{12}):execution:([^:]+):([^:]+)");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:.*/)?([^/]+)");

    private final SandboxContext context;
    private final Lambdas lambdas;
    private final double timeScale;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-states-execution");
        thread.setDaemon(true);
        return thread;
    });

    /** @param timeScale multiplies Retry intervals and Wait seconds (1: AWS's timing) */
    public StepFunctionsService(SandboxContext context, Lambdas lambdas, double timeScale) {
        super("states", Protocol.JSON_1_0, "Step Functions", OPERATIONS);
        this.context = context;
        this.lambdas = lambdas;
        this.timeScale = timeScale;
    }

    @Override
    protected ObjectNode dispatch(String operation, EdgeRequest request, JsonNode body) {
        return switch (operation) {
            case "CreateStateMachine" -> createStateMachine(request, body);
            case "DescribeStateMachine" -> describeStateMachine(request, body);
            case "DeleteStateMachine" -> deleteStateMachine(request, body);
            case "StartExecution" -> startExecution(request, body);
            case "DescribeExecution" -> describeExecution(request, body);
            default -> stopExecution(request, body);
        };
    }

    private ObjectNode createStateMachine(EdgeRequest request, JsonNode body) {
        String name = required(body, "name");
        if (!NAME.matcher(name).matches()) {
            throw new AwsException(400, "InvalidName", "Invalid Name: '" + name + "' (1-80 letters, digits, '-' or '_')");
        }
        String arn = "arn:aws:states:" + request.region() + ":" + request.accountId() + ":stateMachine:" + name;
        String roleArn = required(body, "roleArn");
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw new AwsException(400, "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + roleArn + "'");
        }
        String type = body.path("type").asText("STANDARD");
        if (!type.equals("STANDARD")) {
            throw new AwsException(400, "ValidationException", "The sandbox runs STANDARD state machines only, but type was '"
                    + type + "'");
        }
        request.authorize("states:CreateStateMachine", arn);
        request.authorize("iam:PassRole", roleArn);
        String text = required(body, "definition");
        JsonNode definition;
        try {
            definition = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AwsException(400, "InvalidDefinition", "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: "
                    + e.getOriginalMessage() + "'");
        }
        List<String> problems = AslDefinition.problems(definition);
        if (!problems.isEmpty()) {
            throw new AwsException(400, "InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: "
                    + String.join("; ", problems) + "'");
        }
        StateMachine created = new StateMachine(arn, name, request.accountId(), text, definition, roleArn, type, now());
        StateMachine existing = machines.putIfAbsent(arn, created);
        if (existing != null && !(existing.definitionText().equals(text) && existing.roleArn().equals(roleArn))) {
            throw new AwsException(400, "StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
        }
        StateMachine machine = existing != null ? existing : created;
        ObjectNode out = mapper.createObjectNode();
        out.put("stateMachineArn", arn);
        out.put("creationDate", epochSeconds(machine.creationDate()));
        return out;
    }

    private ObjectNode describeStateMachine(EdgeRequest request, JsonNode body) {
        StateMachine machine = machine(request, body, "states:DescribeStateMachine");
        ObjectNode out = mapper.createObjectNode();
        out.put("stateMachineArn", machine.arn());
        out.put("name", machine.name());
        out.put("status", "ACTIVE");
        out.put("definition", machine.definitionText());
        out.put("roleArn", machine.roleArn());
        out.put("type", machine.type());
        out.put("creationDate", epochSeconds(machine.creationDate()));
        return out;
    }

    private ObjectNode deleteStateMachine(EdgeRequest request, JsonNode body) {
        StateMachine machine = machine(request, body, "states:DeleteStateMachine");
        machines.remove(machine.arn());
        return mapper.createObjectNode();
    }

    private StateMachine machine(EdgeRequest request, JsonNode body, String action) {
        String arn = required(body, "stateMachineArn");
        Matcher m = STATE_MACHINE_ARN.matcher(arn);
        if (!m.matches()) {
            throw new AwsException(400, "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: stateMachine' (" + arn + ")");
        }
        request.authorize(action, arn);
        StateMachine machine = machines.get(arn);
        if (machine == null || !m.group(2).equals(request.accountId())) {
            throw new AwsException(400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return machine;
    }

    private ObjectNode startExecution(EdgeRequest request, JsonNode body) {
        StateMachine machine = machine(request, body, "states:StartExecution");
        String name = body.hasNonNull("name") ? body.get("name").asText() : UUID.randomUUID().toString();
        if (!NAME.matcher(name).matches()) {
            throw new AwsException(400, "InvalidName", "Invalid Name: '" + name + "' (1-80 letters, digits, '-' or '_')");
        }
        String inputText = body.hasNonNull("input") ? body.get("input").asText() : "{}";
        JsonNode input;
        try {
            input = mapper.readTree(inputText);
        } catch (JsonProcessingException e) {
            throw new AwsException(400, "InvalidExecutionInput", "Invalid execution input: " + e.getOriginalMessage());
        }
        String arn = "arn:aws:states:" + request.region() + ":" + request.accountId() + ":execution:" + machine.name() + ":" + name;
        Execution execution = new Execution(arn, name, machine, inputText, now());
        Execution existing = executions.putIfAbsent(arn, execution);
        if (existing != null) {
            // AWS: the same name and input while it runs returns the running execution; anything else is a conflict.
            if (!(existing.status().equals("RUNNING") && existing.input.equals(inputText))) {
                throw new AwsException(400, "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            execution = existing;
        } else {
            Caller role = roleCaller(machine, name);
            Interpreter interpreter = new Interpreter(lambdas, functionArn -> request.authorizer().authorize(role, Protocol.JSON_1_0,
                    "lambda:InvokeFunction", functionArn, Map.of()), timeScale, execution);
            Execution started = execution;
            runner.execute(() -> run(started, interpreter, input));
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("executionArn", execution.arn);
        out.put("startDate", epochSeconds(execution.startDate));
        return out;
    }

    private void run(Execution execution, Interpreter interpreter, JsonNode input) {
        try {
            JsonNode output = interpreter.run(input);
            execution.finish("SUCCEEDED", Interpreter.toText(output), null, null, now());
        } catch (StatesError e) {
            execution.finish("FAILED", null, e.error(), e.cause(), now());
        } catch (Interpreter.Stopped e) {
            execution.finish("ABORTED", null, null, null, now());
        } catch (RuntimeException e) {
            execution.finish("FAILED", null, "States.Runtime", "the sandbox's interpreter failed: " + e, now());
        }
    }

    private static Caller roleCaller(StateMachine machine, String executionName) {
        Matcher m = ROLE_ARN.matcher(machine.roleArn());
        m.matches();
        String session = "states-" + executionName;
        return new Caller(m.group(1), "arn:aws:sts::" + m.group(1) + ":assumed-role/" + m.group(2) + "/" + session,
                "states:" + machine.arn(), Optional.of(machine.roleArn()), Optional.of(session), Optional.empty());
    }

    private Execution execution(EdgeRequest request, JsonNode body, String action) {
        String arn = required(body, "executionArn");
        Matcher m = EXECUTION_ARN.matcher(arn);
        if (!m.matches()) {
            throw new AwsException(400, "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: execution' (" + arn + ")");
        }
        request.authorize(action, arn);
        Execution execution = executions.get(arn);
        if (execution == null || !m.group(2).equals(request.accountId())) {
            throw new AwsException(400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        return execution;
    }

    private ObjectNode describeExecution(EdgeRequest request, JsonNode body) {
        Execution execution = execution(request, body, "states:DescribeExecution");
        ObjectNode out = mapper.createObjectNode();
        out.put("executionArn", execution.arn);
        out.put("stateMachineArn", execution.stateMachine.arn());
        out.put("name", execution.name);
        out.put("status", execution.status());
        out.put("startDate", epochSeconds(execution.startDate));
        if (execution.stopDate() != null) {
            out.put("stopDate", epochSeconds(execution.stopDate()));
        }
        out.put("input", execution.input);
        if (execution.output() != null) {
            out.put("output", execution.output());
        }
        if (execution.error() != null) {
            out.put("error", execution.error());
            out.put("cause", execution.cause());
        }
        return out;
    }

    private ObjectNode stopExecution(EdgeRequest request, JsonNode body) {
        Execution execution = execution(request, body, "states:StopExecution");
        Instant at = now();
        execution.requestStop();
        // Ends it now, as AWS does; a Lambda invocation in flight finishes on its own and its result is dropped.
        execution.finish("ABORTED", null, body.path("error").asText(null), body.path("cause").asText(null), at);
        ObjectNode out = mapper.createObjectNode();
        out.put("stopDate", epochSeconds(execution.stopDate()));
        return out;
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new AwsException(400, "ValidationException", "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    private Instant now() {
        return context.clock().instant();
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    @Override
    public void close() {
        executions.values().forEach(Execution::requestStop);
        runner.shutdownNow();
    }
}
