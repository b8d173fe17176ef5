package dev.cutover.cli.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Permission;
import java.util.List;

/** Renders derived permissions as an IAM identity policy document: one statement per permission, exact action and resource. */
public final class PolicyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyJson() {
    }

    public static String of(List<Permission> permissions) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        for (Permission p : permissions) {
            ObjectNode s = statements.addObject();
            s.put("Sid", sid(p));
            s.put("Effect", "Allow");
            s.put("Action", p.action());
            s.put("Resource", p.resource());
            if (!p.stringEquals().isEmpty()) {
                ObjectNode eq = s.putObject("Condition").putObject("StringEquals");
                p.stringEquals().forEach(eq::put);
            }
        }
        return policy.toString();
    }

    private static String sid(Permission p) {
        String raw = p.neededBy() + p.action().replace(":", "") + Integer.toHexString(p.resource().hashCode());
        return raw.replaceAll("[^A-Za-z0-9]", "");
    }
}
