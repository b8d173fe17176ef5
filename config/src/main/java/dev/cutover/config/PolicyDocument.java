package dev.cutover.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * Renders derived permissions as an IAM identity policy document: one Allow statement per permission, with its exact
 * action, exact resource and StringEquals conditions. The sandbox's roles, the CLI's seeded roles and the tests that
 * put a role with one grant removed all use this one rendering.
 */
public final class PolicyDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyDocument() {
    }

    /** The policy document (JSON text) that allows exactly {@code permissions}. */
    public static String of(Collection<Permission> permissions) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        for (Permission p : permissions) {
            ObjectNode statement = statements.addObject().put("Effect", "Allow").put("Action", p.action()).put("Resource", p.resource());
            if (!p.stringEquals().isEmpty()) {
                ObjectNode equals = statement.putObject("Condition").putObject("StringEquals");
                p.stringEquals().forEach(equals::put);
            }
        }
        return policy.toString();
    }
}
