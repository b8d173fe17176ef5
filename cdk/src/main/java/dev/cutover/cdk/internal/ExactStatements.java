package dev.cutover.cdk.internal;

import dev.cutover.cdk.CdkException;
import dev.cutover.config.Permission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Turns permissions into IAM statements that grant exactly those (action, resource, condition)
 * triples and nothing more. A statement grants the cross product of its actions and resources, so
 * resources are grouped only when they need the very same action set under the same conditions.
 */
public final class ExactStatements {

    private ExactStatements() {
    }

    public static PolicyDocument document(List<Permission> permissions) {
        return PolicyDocument.Builder.create().statements(statements(permissions)).build();
    }

    public static List<PolicyStatement> statements(List<Permission> permissions) {
        // (resource, conditions) -> actions, keeping first-seen order so templates are stable.
        Map<List<Object>, Set<String>> actionsByTarget = new LinkedHashMap<>();
        Map<List<Object>, Set<String>> needsByTarget = new LinkedHashMap<>();
        for (Permission p : permissions) {
            requireExact(p);
            List<Object> target = List.of(p.resource(), new TreeMap<>(p.stringEquals()));
            actionsByTarget.computeIfAbsent(target, k -> new LinkedHashSet<>()).add(p.action());
            needsByTarget.computeIfAbsent(target, k -> new LinkedHashSet<>()).add(p.neededBy());
        }
        // (actions, conditions) -> resources
        Map<List<Object>, List<String>> resourcesByGrant = new LinkedHashMap<>();
        Map<List<Object>, Set<String>> needsByGrant = new LinkedHashMap<>();
        for (Map.Entry<List<Object>, Set<String>> e : actionsByTarget.entrySet()) {
            List<Object> grant = List.of(List.copyOf(e.getValue()), e.getKey().get(1));
            resourcesByGrant.computeIfAbsent(grant, k -> new ArrayList<>()).add((String) e.getKey().get(0));
            needsByGrant.computeIfAbsent(grant, k -> new LinkedHashSet<>()).addAll(needsByTarget.get(e.getKey()));
        }
        List<PolicyStatement> out = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        for (Map.Entry<List<Object>, List<String>> e : resourcesByGrant.entrySet()) {
            @SuppressWarnings("unchecked")
            List<String> actions = (List<String>) e.getKey().get(0);
            @SuppressWarnings("unchecked")
            Map<String, String> conditions = (Map<String, String>) e.getKey().get(1);
            PolicyStatement.Builder statement = PolicyStatement.Builder.create()
                    .sid(uniqueSid(needsByGrant.get(e.getKey()), actions, sids))
                    .effect(Effect.ALLOW)
                    .actions(actions)
                    .resources(e.getValue());
            if (!conditions.isEmpty()) {
                statement.conditions(Map.of("StringEquals", new LinkedHashMap<>(conditions)));
            }
            out.add(statement.build());
        }
        return out;
    }

    private static void requireExact(Permission p) {
        if (p.action().contains("*") || p.action().contains("?")) {
            throw new CdkException("permission for '" + p.neededBy() + "' has a wildcard action '" + p.action()
                    + "'; the operation map must name exact actions");
        }
        if (p.resource().equals("*")) {
            throw new CdkException("permission " + p.action() + " for '" + p.neededBy()
                    + "' is on resource '*'; the operation map must name exact ARNs");
        }
    }

    /** A readable Sid: who needs it and the actions, e.g. "MigrateDynamodbDescribeTableScan"; IAM allows [A-Za-z0-9] only. */
    private static String uniqueSid(Set<String> needs, List<String> actions, Set<String> taken) {
        StringBuilder base = new StringBuilder();
        for (String need : needs) {
            base.append(camel(need));
        }
        for (String action : actions) {
            base.append(camel(action.substring(action.indexOf(':') + 1)));
        }
        String sid = base.length() > 100 ? base.substring(0, 100) : base.toString();
        String candidate = sid;
        for (int i = 2; !taken.add(candidate); i++) {
            candidate = sid + i;
        }
        return candidate;
    }

    private static String camel(String text) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : text.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return out.toString().isEmpty() ? "Grant" : out.toString().substring(0, 1).toUpperCase(Locale.ROOT) + out.substring(1);
    }
}
