package dev.cutover.cdk;

import dev.cutover.config.Permission;
import dev.cutover.config.PolicyDocument;
import dev.cutover.sandbox.IamRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads synthesized IAM policy documents back into single grants (action, resource, conditions),
 * so tests compare what a template allows with what {@code Permissions} requires.
 */
final class PolicyGrants {

    /** One allowed (action, resource) pair with its StringEquals conditions. Resource may be an intrinsic (a Map). */
    record Grant(String action, Object resource, Map<String, String> stringEquals) {
        static Grant of(Permission p) {
            return new Grant(p.action(), p.resource(), new TreeMap<>(p.stringEquals()));
        }
    }

    /**
     * {@code role} as synthesized (account, name, trust, session length), its policies replaced by one allowing all of
     * {@code grants} but {@code removed}: the role a remove-one-grant test puts into the sandbox.
     */
    static IamRole without(IamRole role, Set<Grant> grants, Grant removed) {
        Set<Grant> rest = new LinkedHashSet<>(grants);
        if (!rest.remove(removed)) {
            throw new AssertionError(role.name() + " does not hold " + removed);
        }
        return IamRole.builder().accountId(role.accountId()).name(role.name()).trustPolicy(role.trustPolicy())
                .maxSessionDuration(role.maxSessionDuration()).inlinePolicy("without-one-grant", document(rest)).build();
    }

    /** The identity policy allowing exactly {@code grants}; each resource must be a plain ARN (no intrinsic). */
    static String document(Collection<Grant> grants) {
        return PolicyDocument.of(grants.stream()
                .map(g -> new Permission(g.action(), (String) g.resource(), g.stringEquals(), "test")).toList());
    }

    private PolicyGrants() {
    }

    static Set<Grant> of(List<Permission> permissions) {
        Set<Grant> out = new HashSet<>();
        permissions.forEach(p -> out.add(Grant.of(p)));
        return out;
    }

    /** Grants of the inline policies of the role with logical id {@code roleId}, by policy name. */
    @SuppressWarnings("unchecked")
    static Map<String, Set<Grant>> inlinePolicies(Map<String, Object> template, String roleId) {
        Map<String, Object> role = (Map<String, Object>) resources(template).get(roleId);
        Map<String, Object> props = (Map<String, Object>) role.get("Properties");
        Map<String, Set<Grant>> out = new LinkedHashMap<>();
        for (Object policy : (List<Object>) props.getOrDefault("Policies", List.of())) {
            Map<String, Object> p = (Map<String, Object>) policy;
            out.put((String) p.get("PolicyName"), grants((Map<String, Object>) p.get("PolicyDocument")));
        }
        return out;
    }

    static Set<Grant> union(Map<String, Set<Grant>> byPolicy) {
        Set<Grant> out = new HashSet<>();
        byPolicy.values().forEach(out::addAll);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Set<Grant> grants(Map<String, Object> document) {
        Set<Grant> out = new HashSet<>();
        for (Map<String, Object> statement : statements(document)) {
            if (!"Allow".equals(statement.get("Effect"))) {
                throw new AssertionError("only Allow statements are expected, got " + statement);
            }
            Map<String, String> equals = new TreeMap<>();
            Map<String, Object> condition = (Map<String, Object>) statement.getOrDefault("Condition", Map.of());
            for (Map.Entry<String, Object> c : condition.entrySet()) {
                if (!c.getKey().equals("StringEquals")) {
                    throw new AssertionError("only StringEquals conditions are expected, got " + c.getKey());
                }
                ((Map<String, Object>) c.getValue()).forEach((k, v) -> equals.put(k, (String) v));
            }
            for (Object action : listOf(statement.get("Action"))) {
                for (Object resource : listOf(statement.get("Resource"))) {
                    out.add(new Grant((String) action, resource, equals));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Map<String, Object> document) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object s : listOf(document.get("Statement"))) {
            out.add((Map<String, Object>) s);
        }
        return out;
    }

    /** Every IAM policy document of a template: trust policies, inline policies and AWS::IAM::Policy resources. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> allPolicyDocuments(Map<String, Object> template) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : resources(template).values()) {
            Map<String, Object> resource = (Map<String, Object>) r;
            Map<String, Object> props = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
            String type = (String) resource.get("Type");
            if (type.equals("AWS::IAM::Role")) {
                out.add((Map<String, Object>) props.get("AssumeRolePolicyDocument"));
                for (Object policy : (List<Object>) props.getOrDefault("Policies", List.of())) {
                    out.add((Map<String, Object>) ((Map<String, Object>) policy).get("PolicyDocument"));
                }
            } else if (type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::ManagedPolicy")) {
                out.add((Map<String, Object>) props.get("PolicyDocument"));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources(Map<String, Object> template) {
        return (Map<String, Object>) template.get("Resources");
    }

    static List<Object> listOf(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return List.of(value);
    }
}
