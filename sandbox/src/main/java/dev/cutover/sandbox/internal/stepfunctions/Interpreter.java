package dev.cutover.sandbox.internal.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.sandbox.Lambdas;
import dev.cutover.sandbox.internal.edge.AwsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a definition {@link AslDefinition} accepted, state by state, on the execution's thread; a Map state runs its
 * items on up to MaxConcurrency threads of its own. Retry intervals (and Wait seconds) are multiplied by the time scale.
 */
final class Interpreter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown when StopExecution asked the execution to stop; it ends as ABORTED. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final Lambdas lambdas;
    private final Consumer<String> invokePermission;
    private final double timeScale;
    private final Execution execution;

    /**
     * @param invokePermission throws {@link AwsException} unless the state machine's role may invoke the function ARN given
     */
    Interpreter(Lambdas lambdas, Consumer<String> invokePermission, double timeScale, Execution execution) {
        this.lambdas = lambdas;
        this.invokePermission = invokePermission;
        this.timeScale = timeScale;
        this.execution = execution;
    }

    /** The execution's output; throws {@link StatesError} when it fails, {@link Stopped} when it was stopped. */
    JsonNode run(JsonNode input) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        ObjectNode exec = context.putObject("Execution");
        exec.put("Id", execution.arn).put("Name", execution.name).put("StartTime", execution.startDate.toString())
                .put("RoleArn", execution.stateMachine.roleArn());
        exec.set("Input", input);
        context.putObject("StateMachine").put("Id", execution.stateMachine.arn()).put("Name", execution.stateMachine.name());
        return machine(execution.stateMachine.definition(), input, context);
    }

    private JsonNode machine(JsonNode machine, JsonNode input, ObjectNode context) {
        JsonNode states = machine.get("States");
        String name = machine.get("StartAt").asText();
        JsonNode data = input;
        while (true) {
            if (execution.isStopRequested()) {
                throw new Stopped();
            }
            JsonNode state = states.get(name);
            context.putObject("State").put("Name", name).put("EnteredTime", Instant.now().toString());
            JsonNode effective = path(state, "InputPath", data, context);
            String type = state.get("Type").asText();
            JsonNode output;
            String next = state.path("Next").asText(null);
            switch (type) {
                case "Pass" -> {
                    JsonNode result = state.has("Result") ? state.get("Result")
                            : state.has("Parameters") ? JsonPaths.evaluate(state.get("Parameters"), effective, context, "Parameters")
                            : effective;
                    output = path(state, "OutputPath", resultPath(state, data, result), context);
                }
                case "Task" -> {
                    JsonNode result = retrying(state, () -> task(state, effective, context));
                    output = path(state, "OutputPath", resultPath(state, data, select(state, result, context)), context);
                }
                case "Map" -> {
                    JsonNode result = retrying(state, () -> map(state, effective, context));
                    output = path(state, "OutputPath", resultPath(state, data, select(state, result, context)), context);
                }
                case "Choice" -> {
                    next = choose(state, effective, context);
                    output = path(state, "OutputPath", effective, context);
                }
                case "Wait" -> {
                    sleep(state.path("Seconds").asDouble(0));
                    output = path(state, "OutputPath", effective, context);
                }
                case "Succeed" -> {
                    return path(state, "OutputPath", effective, context);
                }
                case "Fail" -> throw new StatesError(state.path("Error").asText("States.Fail"), state.path("Cause").asText(""));
                default -> throw StatesError.runtime("state type " + type + " is not supported");
            }
            if (state.path("End").asBoolean(false)) {
                return output;
            }
            data = output;
            name = next;
        }
    }

    private static JsonNode path(JsonNode state, String field, JsonNode data, JsonNode context) {
        if (!state.has(field)) {
            return data;
        }
        if (state.get(field).isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return JsonPaths.read(state.get(field).asText(), data, context, field);
    }

    private static JsonNode resultPath(JsonNode state, JsonNode data, JsonNode result) {
        if (!state.has("ResultPath")) {
            return result;
        }
        if (state.get("ResultPath").isNull()) {
            return data;
        }
        return JsonPaths.write(state.get("ResultPath").asText(), data, result);
    }

    private static JsonNode select(JsonNode state, JsonNode result, JsonNode context) {
        return state.has("ResultSelector") ? JsonPaths.evaluate(state.get("ResultSelector"), result, context, "ResultSelector") : result;
    }

    private JsonNode task(JsonNode state, JsonNode effective, JsonNode context) {
        JsonNode parameters = state.has("Parameters") ? JsonPaths.evaluate(state.get("Parameters"), effective, context, "Parameters")
                : effective;
        String resource = state.get("Resource").asText();
        boolean integration = resource.equals(AslDefinition.LAMBDA_INVOKE);
        String functionName = integration ? parameters.path("FunctionName").asText() : resource;
        JsonNode payload = integration ? parameters.path("Payload") : parameters;
        String arn = lambdas.resolve(functionName, execution.stateMachine.account()).orElseThrow(() -> new StatesError(
                "Lambda.ResourceNotFoundException", "Function not found: " + functionName
                + " (Service: Lambda, Status Code: 404, Error Code: ResourceNotFoundException)"));
        try {
            invokePermission.accept(arn);
        } catch (AwsException e) {
            throw new StatesError("Lambda.AWSLambdaException", e.getMessage() + " (Service: Lambda, Status Code: 403, Error Code: "
                    + "AccessDeniedException)");
        }
        Lambdas.Invocation invocation = lambdas.invoke(arn, payload.isMissingNode() ? JsonNodeFactory.instance.objectNode() : payload);
        if (invocation.isError()) {
            ObjectNode cause = JsonNodeFactory.instance.objectNode();
            cause.put("errorMessage", invocation.errorMessage().orElse(""));
            cause.put("errorType", invocation.errorType().get());
            cause.putArray("stackTrace");
            throw new StatesError(invocation.errorType().get(), cause.toString());
        }
        JsonNode result = invocation.payload().get();
        if (!integration) {
            return result;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", result);
        out.putObject("SdkHttpMetadata").put("HttpStatusCode", 200);
        out.put("StatusCode", 200);
        return out;
    }

    private JsonNode map(JsonNode state, JsonNode effective, ObjectNode context) {
        JsonNode items = state.has("ItemsPath") ? JsonPaths.read(state.get("ItemsPath").asText(), effective, context, "ItemsPath")
                : effective;
        if (!items.isArray()) {
            throw StatesError.runtime("Map state input must be an array, but ItemsPath selected '" + items + "'");
        }
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        boolean distributed = "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText());
        JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
        int n = items.size();
        if (n == 0) {
            return JsonNodeFactory.instance.arrayNode();
        }
        int max = state.path("MaxConcurrency").asInt(0);
        ExecutorService pool = Executors.newFixedThreadPool(max <= 0 ? n : Math.min(max, n), runnable -> {
            Thread thread = new Thread(runnable, "sandbox-states-map");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ObjectNode itemContext = context.deepCopy();
                itemContext.putObject("Map").putObject("Item").put("Index", i).set("Value", items.get(i));
                JsonNode itemInput = selector == null ? items.get(i) : JsonPaths.evaluate(selector, effective, itemContext, "ItemSelector");
                futures.add(pool.submit(() -> machine(processor, itemInput, itemContext)));
            }
            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Stopped stopped) {
                        throw stopped;
                    }
                    StatesError error = e.getCause() instanceof StatesError s ? s : StatesError.runtime(String.valueOf(e.getCause()));
                    if (!distributed) {
                        throw error;
                    }
                    failures.add("item " + i + ": " + error.error() + ": " + error.cause());
                    results.addNull();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopped();
                }
            }
            if (exceedsTolerance(state, failures.size(), n)) {
                throw new StatesError("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded"
                        + " (sandbox: " + failures.size() + " of " + n + " items failed; first " + failures.get(0) + ")");
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean exceedsTolerance(JsonNode state, int failed, int total) {
        boolean hasPercentage = state.has("ToleratedFailurePercentage");
        boolean hasCount = state.has("ToleratedFailureCount");
        if (!hasPercentage && !hasCount) {
            return failed > 0;
        }
        return hasPercentage && failed * 100.0 / total > state.get("ToleratedFailurePercentage").asDouble()
                || hasCount && failed > state.get("ToleratedFailureCount").asInt();
    }

    private String choose(JsonNode state, JsonNode input, JsonNode context) {
        for (JsonNode rule : state.get("Choices")) {
            if (matches(rule, input, context)) {
                return rule.get("Next").asText();
            }
        }
        if (state.has("Default")) {
            return state.get("Default").asText();
        }
        throw new StatesError("States.NoChoiceMatched", "No Matches! (input " + input + ")");
    }

    private static boolean matches(JsonNode rule, JsonNode input, JsonNode context) {
        if (rule.has("And") || rule.has("Or")) {
            boolean and = rule.has("And");
            for (JsonNode inner : and ? rule.get("And") : rule.get("Or")) {
                if (matches(inner, input, context) != and) {
                    return !and;
                }
            }
            return and;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context);
        }
        String variable = rule.get("Variable").asText();
        if (rule.has("IsPresent")) {
            boolean present;
            try {
                JsonPaths.read(variable, input, context, "Variable");
                present = true;
            } catch (StatesError e) {
                present = false;
            }
            return present == rule.get("IsPresent").asBoolean();
        }
        JsonNode value;
        try {
            value = JsonPaths.read(variable, input, context, "Variable");
        } catch (StatesError e) {
            throw StatesError.runtime("Invalid path '" + variable + "': The choice state's condition path references an invalid value.");
        }
        if (rule.has("IsNull")) {
            return value.isNull() == rule.get("IsNull").asBoolean();
        }
        if (rule.has("BooleanEquals")) {
            return value.isBoolean() && value.asBoolean() == rule.get("BooleanEquals").asBoolean();
        }
        if (rule.has("StringEquals")) {
            return value.isTextual() && value.asText().equals(rule.get("StringEquals").asText());
        }
        if (!value.isNumber()) {
            return false;
        }
        String op = null;
        int cmp = 0;
        for (String numeric : List.of("NumericEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "NumericLessThan",
                "NumericLessThanEquals")) {
            if (rule.has(numeric)) {
                op = numeric;
                cmp = value.decimalValue().compareTo(rule.get(numeric).decimalValue());
            }
        }
        return switch (String.valueOf(op)) {
            case "NumericEquals" -> cmp == 0;
            case "NumericGreaterThan" -> cmp > 0;
            case "NumericGreaterThanEquals" -> cmp >= 0;
            case "NumericLessThan" -> cmp < 0;
            case "NumericLessThanEquals" -> cmp <= 0;
            default -> false;
        };
    }

    /** Runs {@code body}, again after each failure a Retrier of the state matches, until its MaxAttempts are used. */
    private JsonNode retrying(JsonNode state, Supplier<JsonNode> body) {
        Map<Integer, Integer> attempts = new HashMap<>();
        while (true) {
            try {
                return body.get();
            } catch (StatesError e) {
                JsonNode retriers = state.path("Retry");
                int which = -1;
                for (int i = 0; i < retriers.size() && which < 0; i++) {
                    for (JsonNode name : retriers.get(i).path("ErrorEquals")) {
                        if (covers(name.asText(), e.error())) {
                            which = i;
                            break;
                        }
                    }
                }
                if (which < 0) {
                    throw e;
                }
                JsonNode retrier = retriers.get(which);
                int done = attempts.getOrDefault(which, 0);
                if (done >= retrier.path("MaxAttempts").asInt(3)) {
                    throw e;
                }
                attempts.put(which, done + 1);
                double delay = retrier.path("IntervalSeconds").asDouble(1) * Math.pow(retrier.path("BackoffRate").asDouble(2.0), done);
                if (retrier.has("MaxDelaySeconds")) {
                    delay = Math.min(delay, retrier.get("MaxDelaySeconds").asDouble());
                }
                sleep(delay);
            }
        }
    }

    /** Whether ErrorEquals name {@code pattern} covers {@code error}: States.ALL and States.TaskFailed never cover States.Runtime. */
    private static boolean covers(String pattern, String error) {
        if (pattern.equals(error)) {
            return true;
        }
        if (error.equals("States.Runtime")) {
            return false;
        }
        return pattern.equals("States.ALL") || pattern.equals("States.TaskFailed") && !error.equals("States.Timeout");
    }

    private void sleep(double seconds) {
        long until = System.nanoTime() + (long) (seconds * timeScale * 1e9);
        while (System.nanoTime() < until) {
            if (execution.isStopRequested()) {
                throw new Stopped();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(50, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }

    static String toText(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
