package dev.cutover.sandbox.internal.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a definition uses only the Amazon States Language the sandbox interprets (see docs/sandbox.md), before a
 * state machine is created: every state's Type and fields, every Next, every path. What AWS accepts but the sandbox does
 * not interpret (Parallel, Catch, TimeoutSeconds, JSONata, ...) is refused by name, never silently ignored.
 */
final class AslDefinition {
    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    private static final Set<String> COMMON = Set.of("Type", "Comment", "Next", "End", "InputPath", "OutputPath");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Result", "ResultPath", "Parameters"),
            "Task", Set.of("Resource", "Parameters", "ResultSelector", "ResultPath", "Retry"),
            "Choice", Set.of("Choices", "Default"),
            "Wait", Set.of("Seconds"),
            "Succeed", Set.of(),
            "Fail", Set.of("Error", "Cause"),
            "Map", Set.of("ItemsPath", "ItemSelector", "Parameters", "ItemProcessor", "Iterator", "MaxConcurrency",
                    "ToleratedFailurePercentage", "ToleratedFailureCount", "ResultSelector", "ResultPath", "Retry", "Label"));
    private static final Set<String> COMPARISONS = Set.of("BooleanEquals", "StringEquals", "NumericEquals", "NumericGreaterThan",
            "NumericGreaterThanEquals", "NumericLessThan", "NumericLessThanEquals", "IsPresent", "IsNull");
    private static final Set<String> RETRY_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
            "MaxDelaySeconds", "JitterStrategy");

    private final List<String> problems = new ArrayList<>();

    private AslDefinition() {
    }

    /** The problems found, each "what at /where"; empty when the sandbox can run the definition. */
    static List<String> problems(JsonNode root) {
        AslDefinition check = new AslDefinition();
        if (root == null || !root.isObject()) {
            check.problems.add("the definition must be a JSON object");
        } else {
            if (root.has("QueryLanguage") && !"JSONPath".equals(root.get("QueryLanguage").asText())) {
                check.problems.add("QueryLanguage " + root.get("QueryLanguage") + " is not supported (JSONPath only) at /");
            }
            check.machine(root, "");
        }
        return check.problems;
    }

    private void machine(JsonNode machine, String where) {
        JsonNode states = machine.get("States");
        if (states == null || !states.isObject() || states.isEmpty()) {
            problems.add("States must be a non-empty object at " + where + "/States");
            return;
        }
        String startAt = machine.path("StartAt").asText(null);
        if (startAt == null || !states.has(startAt)) {
            problems.add("StartAt must name a state, but was " + machine.get("StartAt") + " at " + where + "/StartAt");
        }
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            state(e.getKey(), e.getValue(), states, where + "/States/" + e.getKey());
        }
    }

    private void state(String name, JsonNode state, JsonNode states, String where) {
        String type = state.path("Type").asText("");
        Set<String> own = FIELDS.get(type);
        if (own == null) {
            problems.add("state type '" + type + "' is not supported (the sandbox runs " + FIELDS.keySet().stream().sorted().toList()
                    + ") at " + where);
            return;
        }
        Iterator<String> fields = state.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!COMMON.contains(field) && !own.contains(field)) {
                problems.add("field '" + field + "' is not supported in a " + type + " state by the sandbox at " + where);
            }
        }
        boolean terminal = type.equals("Succeed") || type.equals("Fail") || type.equals("Choice");
        if (!terminal) {
            boolean end = state.path("End").asBoolean(false);
            JsonNode next = state.get("Next");
            if (end == (next != null)) {
                problems.add("exactly one of Next and End: true is required at " + where);
            }
            if (next != null && !states.has(next.asText())) {
                problems.add("Next names no state: " + next + " at " + where);
            }
        }
        for (String path : List.of("InputPath", "OutputPath", "ItemsPath", "ResultPath")) {
            if (state.hasNonNull(path) && !JsonPaths.isValid(state.get(path).asText())) {
                problems.add(path + " is not a reference path ($ or $.a.b): " + state.get(path) + " at " + where);
            }
        }
        for (String template : List.of("Parameters", "ItemSelector", "ResultSelector")) {
            if (state.has(template)) {
                templatePaths(state.get(template), where + "/" + template);
            }
        }
        for (JsonNode retrier : state.path("Retry")) {
            retrier.fieldNames().forEachRemaining(f -> {
                if (!RETRY_FIELDS.contains(f)) {
                    problems.add("Retry field '" + f + "' is not supported at " + where + "/Retry");
                }
            });
            if (!retrier.path("ErrorEquals").isArray() || retrier.path("ErrorEquals").isEmpty()) {
                problems.add("Retry needs a non-empty ErrorEquals at " + where + "/Retry");
            }
        }
        switch (type) {
            case "Task" -> task(state, where);
            case "Choice" -> choice(state, states, where);
            case "Map" -> map(state, where);
            default -> {
            }
        }
    }

    private void task(JsonNode state, String where) {
        String resource = state.path("Resource").asText("");
        if (resource.equals(LAMBDA_INVOKE)) {
            if (!state.path("Parameters").has("FunctionName") && !state.path("Parameters").has("FunctionName.$")) {
                problems.add("a lambda:invoke task needs Parameters.FunctionName at " + where);
            }
        } else if (!resource.startsWith("arn:aws:lambda:")) {
            problems.add("Resource '" + resource + "' is not supported (the sandbox runs " + LAMBDA_INVOKE
                    + " and Lambda function ARNs) at " + where);
        }
    }

    private void choice(JsonNode state, JsonNode states, String where) {
        if (!state.path("Choices").isArray() || state.path("Choices").isEmpty()) {
            problems.add("Choices must be a non-empty array at " + where);
        }
        for (JsonNode rule : state.path("Choices")) {
            rule(rule, where + "/Choices");
            if (!states.has(rule.path("Next").asText(""))) {
                problems.add("Next names no state: " + rule.get("Next") + " at " + where + "/Choices");
            }
        }
        if (state.has("Default") && !states.has(state.get("Default").asText())) {
            problems.add("Default names no state: " + state.get("Default") + " at " + where);
        }
    }

    private void rule(JsonNode rule, String where) {
        if (rule.has("And") || rule.has("Or")) {
            for (JsonNode inner : rule.has("And") ? rule.get("And") : rule.get("Or")) {
                rule(inner, where);
            }
            return;
        }
        if (rule.has("Not")) {
            rule(rule.get("Not"), where);
            return;
        }
        if (!JsonPaths.isValid(rule.path("Variable").asText(""))) {
            problems.add("a choice rule needs a Variable path, but had " + rule.get("Variable") + " at " + where);
        }
        long comparisons = COMPARISONS.stream().filter(rule::has).count();
        if (comparisons != 1) {
            problems.add("a choice rule needs exactly one of " + COMPARISONS.stream().sorted().toList()
                    + " (the sandbox's subset) at " + where);
        }
    }

    private void map(JsonNode state, String where) {
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        if (processor == null || !processor.isObject()) {
            problems.add("a Map state needs ItemProcessor at " + where);
            return;
        }
        String mode = processor.path("ProcessorConfig").path("Mode").asText("INLINE");
        if (!mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
            problems.add("ProcessorConfig.Mode must be INLINE or DISTRIBUTED, but was '" + mode + "' at " + where);
        }
        machine(processor, where + "/ItemProcessor");
    }

    private void templatePaths(JsonNode template, String where) {
        Iterator<Map.Entry<String, JsonNode>> it = template.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith(".$") && !JsonPaths.isValid(e.getValue().asText(""))) {
                problems.add("'" + e.getKey() + "' must be a reference path, but was " + e.getValue()
                        + " (intrinsic functions are not supported) at " + where);
            } else if (e.getValue().isObject()) {
                templatePaths(e.getValue(), where + "/" + e.getKey());
            }
        }
    }
}
