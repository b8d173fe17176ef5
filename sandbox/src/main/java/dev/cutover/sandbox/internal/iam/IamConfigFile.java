package dev.cutover.sandbox.internal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the sandbox's IAM JSON file:
 *
 * <pre>{@code
 * {"roles": [{
 *    "account": "222222222222",
 *    "name": "cutover-router",
 *    "maxSessionDurationSeconds": 3600,
 *    "trust": {"Version": "2012-10-17", "Statement": [...]},     // or "trustAccounts": ["111111111111"]
 *    "policies": {"ReadItems": {"Version": "2012-10-17", "Statement": [...]}}
 * }]}
 * }</pre>
 */
final class IamConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IamConfigFile() {
    }

    static List<IamRole> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SandboxException("cannot read IAM config file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("roles").isArray()) {
            throw new SandboxException("IAM config file " + file + " must be an object with a \"roles\" array");
        }
        List<IamRole> roles = new ArrayList<>();
        JsonNode list = root.get("roles");
        for (int i = 0; i < list.size(); i++) {
            roles.add(role(list.get(i), file + ": roles[" + i + "]"));
        }
        return roles;
    }

    private static IamRole role(JsonNode node, String where) {
        try {
            IamRole.Builder builder = IamRole.builder()
                    .accountId(requiredText(node, "account", where))
                    .name(requiredText(node, "name", where));
            if (node.has("trust")) {
                builder.trustPolicy(node.get("trust").toString());
            }
            for (JsonNode account : node.path("trustAccounts")) {
                builder.trustAccount(account.asText());
            }
            if (node.has("maxSessionDurationSeconds")) {
                builder.maxSessionDuration(Duration.ofSeconds(node.get("maxSessionDurationSeconds").asLong()));
            }
            Iterator<Map.Entry<String, JsonNode>> policies = node.path("policies").fields();
            while (policies.hasNext()) {
                Map.Entry<String, JsonNode> policy = policies.next();
                builder.inlinePolicy(policy.getKey(), policy.getValue().toString());
            }
            return builder.build();
        } catch (SandboxException e) {
            throw new SandboxException(where + ": " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new SandboxException(where + "." + field + " must be a string");
        }
        return value.asText();
    }
}
