package dev.cutover.config;

import java.util.Map;

/**
 * One IAM grant the code needs: an exact action on an exact resource, with optional StringEquals
 * conditions, and what needs it (an operation name, or a migration job such as "migrate-dynamodb").
 */
public record Permission(String action, String resource, Map<String, String> stringEquals, String neededBy) {
    public Permission {
        stringEquals = Map.copyOf(stringEquals);
    }

    public static Permission of(String action, String resource, String neededBy) {
        return new Permission(action, resource, Map.of(), neededBy);
    }
}
