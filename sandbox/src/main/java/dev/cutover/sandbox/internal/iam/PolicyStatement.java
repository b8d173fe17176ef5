package dev.cutover.sandbox.internal.iam;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One statement of a policy document.
 *
 * @param allow Effect Allow (true) or Deny (false)
 * @param actions Action or NotAction patterns
 * @param notAction whether {@code actions} came from NotAction
 * @param resources Resource or NotResource patterns; empty means "any" (trust policies have none)
 * @param notResource whether {@code resources} came from NotResource
 * @param principals Principal by type ("AWS", "Service", ...) for trust policies; empty when absent
 * @param conditions every test must hold for the statement to apply
 */
record PolicyStatement(
        boolean allow,
        List<String> actions,
        boolean notAction,
        List<String> resources,
        boolean notResource,
        Map<String, List<String>> principals,
        List<PolicyCondition> conditions) {

    boolean appliesTo(String action, String resource, Function<String, Optional<String>> context) {
        return matchesAction(action) && matchesResource(resource) && conditionsHold(context);
    }

    boolean matchesAction(String action) {
        boolean any = false;
        for (String pattern : actions) {
            if (Wildcard.matches(pattern, action, true)) {
                any = true;
                break;
            }
        }
        return any != notAction;
    }

    boolean matchesResource(String resource) {
        if (resources.isEmpty()) {
            return true;
        }
        boolean any = false;
        for (String pattern : resources) {
            if (Wildcard.matches(pattern, resource, false)) {
                any = true;
                break;
            }
        }
        return any != notResource;
    }

    boolean conditionsHold(Function<String, Optional<String>> context) {
        for (PolicyCondition condition : conditions) {
            if (!condition.isSatisfied(context)) {
                return false;
            }
        }
        return true;
    }

    /** Trust policies: whether {@code candidates} (the caller's principal forms) match the AWS principals. */
    boolean matchesPrincipal(List<String> candidates) {
        List<String> aws = principals.get("AWS");
        if (aws == null) {
            return principals.containsKey("*");
        }
        for (String pattern : aws) {
            for (String candidate : candidates) {
                if (Wildcard.matches(pattern, candidate, false)) {
                    return true;
                }
            }
        }
        return false;
    }
}
