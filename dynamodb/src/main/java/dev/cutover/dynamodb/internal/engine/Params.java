package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed access to one request's JSON with the service's two layers of errors: the shape
 * ({@code SerializationException}, for a string where a number belongs) and the constraints, collected and reported
 * together as DynamoDB does: {@code 2 validation errors detected: Value null at 'tableName' failed to satisfy
 * constraint: Member must not be null; ...}.
 */
final class Params {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final JsonNode node;
    private final List<String> errors = new ArrayList<>();

    Params(JsonNode node) {
        this.node = node;
    }

    JsonNode node() {
        return node;
    }

    JsonNode get(String member) {
        JsonNode v = node.get(member);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String member) {
        return get(member) != null;
    }

    String string(String member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.textValue();
    }

    Boolean bool(String member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.booleanValue();
    }

    Long number(String member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.longValue();
    }

    JsonNode object(String member) {
        JsonNode v = get(member);
        if (v != null && !v.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v;
    }

    JsonNode array(String member) {
        JsonNode v = get(member);
        if (v != null && !v.isArray()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v;
    }

    /** A table name member (TableName): required, 3-255 of [a-zA-Z0-9_.-], or a table ARN where allowed. */
    String tableName(String member, String path) {
        String name = string(member);
        if (name == null) {
            notNull(path);
            return null;
        }
        checkTableName(name, path, errors);
        return name;
    }

    static void checkTableName(String name, String path, List<String> errors) {
        if (name.startsWith("arn:")) {
            if (name.length() > 1024) {
                errors.add("Value '" + name + "' at '" + path + "' failed to satisfy constraint: Member must have length less than or"
                        + " equal to 1024");
            }
            return;
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            errors.add("Value '" + name + "' at '" + path
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (name.length() < 3) {
            errors.add("Value '" + name + "' at '" + path + "' failed to satisfy constraint: Member must have length greater than or"
                    + " equal to 3");
        }
        if (name.length() > 255) {
            errors.add("Value '" + name + "' at '" + path + "' failed to satisfy constraint: Member must have length less than or"
                    + " equal to 255");
        }
    }

    void notNull(String path) {
        errors.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
    }

    void require(String member, String path) {
        if (get(member) == null) {
            notNull(path);
        }
    }

    void oneOf(String member, String path, Set<String> allowed, List<String> order) {
        String v = string(member);
        if (v != null && !allowed.contains(v)) {
            errors.add("Value '" + v + "' at '" + path + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + order);
        }
    }

    void range(String member, String path, long min, long max) {
        Long v = number(member);
        if (v == null) {
            return;
        }
        if (v < min) {
            errors.add("Value '" + v + "' at '" + path + "' failed to satisfy constraint: Member must have value greater than or equal to "
                    + min);
        } else if (v > max) {
            errors.add("Value '" + v + "' at '" + path + "' failed to satisfy constraint: Member must have value less than or equal to "
                    + max);
        }
    }

    void error(String message) {
        errors.add(message);
    }

    List<String> errors() {
        return errors;
    }

    /** Throws the collected constraint errors, if any, as one ValidationException. */
    void check() {
        if (errors.isEmpty()) {
            return;
        }
        int n = errors.size();
        throw DynamoDbException.validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", errors));
    }

    /** An attribute map member (Key, Item, ExclusiveStartKey, ExpressionAttributeValues), or null. */
    Map<String, AttributeValue> attributeMap(String member) {
        JsonNode v = object(member);
        return v == null ? null : AttributeValues.readItem(v);
    }

    Map<String, String> stringMap(String member) {
        JsonNode v = object(member);
        if (v == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw DynamoDbException.serialization("Unexpected value type in payload");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    List<String> stringList(String member) {
        JsonNode v = array(member);
        if (v == null) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw DynamoDbException.serialization("Unexpected value type in payload");
            }
            list.add(e.textValue());
        }
        return list;
    }
}
