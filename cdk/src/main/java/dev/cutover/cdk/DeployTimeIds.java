package dev.cutover.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Ids that exist only once CloudFormation has created a resource: the router's flags statement refers
 * to the AppConfig application, environment and profile with {@code Ref}. To load a synthesized
 * template's roles where no CloudFormation runs (the sandbox), replace those Refs with the ids the
 * resources really have there, as a deployment would.
 */
public final class DeployTimeIds {

    private DeployTimeIds() {
    }

    /**
     * Replaces, in place, every {@code {"Ref": logicalId}} whose resource type is a key of {@code idsByType}
     * (e.g. "AWS::AppConfig::Application") with that id; returns the template.
     */
    public static JsonNode resolve(JsonNode template, Map<String, String> idsByType) {
        Map<String, String> byLogicalId = new HashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            String id = idsByType.get(e.getValue().path("Type").asText());
            if (id != null) {
                byLogicalId.put(e.getKey(), id);
            }
        });
        return replaceRefs(template, byLogicalId);
    }

    private static JsonNode replaceRefs(JsonNode node, Map<String, String> ids) {
        if (node.isObject() && node.size() == 1 && node.has("Ref") && ids.containsKey(node.get("Ref").asText())) {
            return TextNode.valueOf(ids.get(node.get("Ref").asText()));
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> e.setValue(replaceRefs(e.getValue(), ids)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replaceRefs(array.get(i), ids));
            }
        }
        return node;
    }
}
