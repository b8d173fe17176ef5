package dev.cutover.sandbox.internal.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.sandbox.SandboxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A parsed IAM policy document (identity, trust or resource-based policy). */
public record PolicyDocument(List<PolicyStatement> statements) {

    /** Which kind of policy a document is, to validate the elements it must and must not have. */
    public enum Kind {
        IDENTITY, TRUST, RESOURCE
    }

    /** What a set of statements says about a request. */
    public enum Decision {
        ALLOW, EXPLICIT_DENY, IMPLICIT_DENY
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /** Parses {@code json}; {@code where} names the document in error messages ("role app policy Reads"). */
    public static PolicyDocument parse(String json, Kind kind, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SandboxException(where + " is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root, kind, where);
    }

    public static PolicyDocument parse(JsonNode root, Kind kind, String where) {
        if (root == null || !root.isObject()) {
            throw new SandboxException(where + " must be a JSON object with a Statement element");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new SandboxException(where + ": Statement is missing");
        }
        List<PolicyStatement> statements = new ArrayList<>();
        if (statementNode.isArray()) {
            for (int i = 0; i < statementNode.size(); i++) {
                statements.add(parseStatement(statementNode.get(i), kind, where + ": Statement[" + i + "]"));
            }
        } else {
            statements.add(parseStatement(statementNode, kind, where + ": Statement"));
        }
        return new PolicyDocument(statements);
    }

    /** Explicit deny wins, then any allow, else implicit deny. */
    public Decision evaluate(String action, String resource, Function<String, Optional<String>> context) {
        boolean allowed = false;
        for (PolicyStatement statement : statements) {
            if (statement.appliesTo(action, resource, context)) {
                if (!statement.allow()) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /** Trust policy evaluation for {@code sts:AssumeRole}: principal, action and conditions. */
    public Decision evaluateTrust(String action, List<String> principalCandidates, Function<String, Optional<String>> context) {
        boolean allowed = false;
        for (PolicyStatement statement : statements) {
            if (statement.matchesAction(action) && statement.matchesPrincipal(principalCandidates) && statement.conditionsHold(context)) {
                if (!statement.allow()) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /**
     * Resource-based policy evaluation: statements that match the action, the resource and the conditions, and name the
     * caller: an Allow one of {@code allowPrincipals}, a Deny one of {@code denyPrincipals} (the caller's principal forms;
     * a Deny naming an account applies to everyone in it, an Allow naming the caller's own account grants nothing alone).
     */
    public Decision evaluateResource(String action, String resource, List<String> allowPrincipals, List<String> denyPrincipals,
            Function<String, Optional<String>> context) {
        boolean allowed = false;
        for (PolicyStatement statement : statements) {
            if (!statement.appliesTo(action, resource, context)) {
                continue;
            }
            if (!statement.allow() && statement.matchesPrincipal(denyPrincipals)) {
                return Decision.EXPLICIT_DENY;
            }
            allowed |= statement.allow() && statement.matchesPrincipal(allowPrincipals);
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private static PolicyStatement parseStatement(JsonNode node, Kind kind, String where) {
        if (!node.isObject()) {
            throw new SandboxException(where + " must be an object");
        }
        String effect = text(node.get("Effect"), where + ".Effect");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new SandboxException(where + ".Effect must be Allow or Deny but was '" + effect + "'");
        }
        boolean notAction = node.has("NotAction");
        if (notAction == node.has("Action")) {
            throw new SandboxException(where + " needs exactly one of Action or NotAction");
        }
        List<String> actions = strings(node.get(notAction ? "NotAction" : "Action"), where + (notAction ? ".NotAction" : ".Action"));
        boolean notResource = node.has("NotResource");
        List<String> resources = List.of();
        if (notResource && node.has("Resource")) {
            throw new SandboxException(where + " may have Resource or NotResource, not both");
        }
        if (notResource || node.has("Resource")) {
            resources = strings(node.get(notResource ? "NotResource" : "Resource"), where + (notResource ? ".NotResource" : ".Resource"));
        } else if (kind == Kind.IDENTITY) {
            throw new SandboxException(where + " needs a Resource (or NotResource), e.g. \"Resource\": \"*\"");
        }
        Map<String, List<String>> principals = new LinkedHashMap<>();
        JsonNode principal = node.get("Principal");
        if (kind != Kind.IDENTITY) {
            if (principal == null) {
                throw new SandboxException(where + " needs a Principal, e.g. {\"AWS\": \"arn:aws:iam::111111111111:root\"}");
            }
            if (principal.isTextual() && principal.asText().equals("*")) {
                principals.put("*", List.of("*"));
            } else if (principal.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = principal.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    List<String> values = new ArrayList<>();
                    for (String value : strings(field.getValue(), where + ".Principal." + field.getKey())) {
                        // A bare account id is short for that account's root.
                        values.add(value.matches("\\d{12}") ? "arn:aws:iam::" + value + ":root" : value);
                    }
                    principals.put(field.getKey(), values);
                }
            } else {
                throw new SandboxException(where + ".Principal must be \"*\" or an object like {\"AWS\": [...]}");
            }
        } else if (principal != null) {
            throw new SandboxException(where + ": identity policies must not have a Principal (that belongs in a trust policy)");
        }
        return new PolicyStatement(effect.equals("Allow"), actions, notAction, resources, notResource, principals,
                conditions(node.get("Condition"), where + ".Condition"));
    }

    private static List<PolicyCondition> conditions(JsonNode node, String where) {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new SandboxException(where + " must be an object like {\"StringEquals\": {\"key\": \"value\"}}");
        }
        List<PolicyCondition> conditions = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> operators = node.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operatorEntry = operators.next();
            String operator = operatorEntry.getKey();
            String base = operator.replaceFirst("^For(AnyValue|AllValues):", "");
            boolean ifExists = base.endsWith("IfExists");
            if (ifExists) {
                base = base.substring(0, base.length() - "IfExists".length());
            }
            if (!PolicyCondition.OPERATORS.contains(base)) {
                throw new SandboxException(where + "." + operator + " is not supported by the sandbox; supported: "
                        + PolicyCondition.OPERATORS + " (optionally with IfExists)");
            }
            if (!operatorEntry.getValue().isObject()) {
                throw new SandboxException(where + "." + operator + " must be an object of condition keys");
            }
            Iterator<Map.Entry<String, JsonNode>> keys = operatorEntry.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> key = keys.next();
                conditions.add(new PolicyCondition(base, ifExists, key.getKey(),
                        strings(key.getValue(), where + "." + operator + "." + key.getKey())));
            }
        }
        return conditions;
    }

    private static String text(JsonNode node, String where) {
        if (node == null || !node.isTextual()) {
            throw new SandboxException(where + " must be a string");
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode node, String where) {
        if (node == null) {
            throw new SandboxException(where + " is missing");
        }
        if (node.isValueNode()) {
            return List.of(node.asText());
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isValueNode()) {
                    throw new SandboxException(where + "[" + i + "] must be a string but was " + node.get(i));
                }
                values.add(node.get(i).asText());
            }
            return values;
        }
        throw new SandboxException(where + " must be a string or a list of strings but was " + node);
    }
}
