package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.action.DynamoDbExpression;
import dev.cutover.config.internal.ActionSyntax;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.RequestValues;
import dev.cutover.router.internal.http.RouteTable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Request values as DynamoDB attribute values: typed keys, JSON values with their exact number text, expression values. */
final class DynamoDbValues {
    /** DynamoDB's number syntax: up to 38 significant digits. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,37})(\\.[0-9]{1,38})?");
    /** DynamoDB's item size limit. */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    private DynamoDbValues() {
    }

    /** The key of {@code table} from templates, each value typed from the key schema. */
    static Map<String, AttributeValue> key(Table table, Map<String, Template> key, RequestValues values) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        key.forEach((attr, template) -> out.put(attr,
                typed(ActionSyntax.keyType(table, attr), values.render(template, "key " + attr), attr)));
        return out;
    }

    static AttributeValue typed(String type, String value, String attr) {
        switch (type) {
            case "N" -> {
                if (!NUMBER.matcher(value).matches()) {
                    throw HttpFailure.badRequest("key " + attr + " must be a number, but was '" + RouteTable.printable(value) + "'");
                }
                return AttributeValue.fromN(value);
            }
            case "B" -> {
                try {
                    return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value)));
                } catch (IllegalArgumentException e) {
                    throw HttpFailure.badRequest("key " + attr + " must be base64, but was '" + RouteTable.printable(value) + "'");
                }
            }
            default -> {
                return AttributeValue.fromS(value);
            }
        }
    }

    /** A JSON value as an attribute value: strings S, numbers N with their exact text, objects M, arrays L. */
    static AttributeValue fromJson(JsonNode node) {
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.decimalValue().toString());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isNull()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(e -> list.add(fromJson(e)));
            return AttributeValue.fromL(list);
        }
        return AttributeValue.fromM(item(node));
    }

    /** A JSON object as an item. */
    static Map<String, AttributeValue> item(JsonNode object) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), fromJson(e.getValue())));
        return out;
    }

    /**
     * Adds the values of {@code expression} to {@code out}: a lone {@code {body.x}} keeps its JSON type; every other
     * placeholder renders to a checked string.
     */
    static void expressionValues(DynamoDbExpression expression, RequestValues values, Map<String, AttributeValue> out) {
        List<Template> templates = expression.values();
        for (int i = 0; i < templates.size(); i++) {
            Template t = templates.get(i);
            Template.Ref ref = t.refs().get(0);
            if (t.isSinglePlaceholder() && ref.source() == Template.Source.BODY) {
                JsonNode value = values.bodyValue(ref.name());
                if (value == null) {
                    throw HttpFailure.badRequest("the request body needs the field '" + RouteTable.printable(ref.name()) + "'");
                }
                out.put(expression.valueName(i), fromJson(value));
            } else {
                out.put(expression.valueName(i), AttributeValue.fromS(values.render(t, "expression value " + t)));
            }
        }
    }

    /** The aliases of {@code names} that the present expressions use (DynamoDB refuses unused ones), or null for none. */
    static Map<String, String> names(Map<String, String> names, Optional<DynamoDbExpression> first,
            Optional<DynamoDbExpression> second) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Optional<DynamoDbExpression> e : List.of(first, second)) {
            e.ifPresent(x -> x.aliases().forEach(a -> out.put(a, names.get(a))));
        }
        return orNull(out);
    }

    /** The expression value map, or null when empty (DynamoDB refuses an empty map). */
    static <V> Map<String, V> orNull(Map<String, V> map) {
        return map.isEmpty() ? null : map;
    }
}
