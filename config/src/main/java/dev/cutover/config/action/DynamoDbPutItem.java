package dev.cutover.config.action;

import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.Map;
import java.util.Optional;

/**
 * PutItem of the request's JSON object (numbers keep their exact text) with the key attributes set from templates,
 * optionally only when {@code condition} holds (else 409).
 *
 * <pre>{@code action: {type: "dynamodb:PutItem", table: items, key: {id: "{id}"}, condition: "attribute_not_exists(id)"}}</pre>
 */
public record DynamoDbPutItem(String table, Map<String, Template> key, Optional<DynamoDbExpression> condition, Map<String, String> names)
        implements ItemWrite {
    public static final String TYPE = "dynamodb:PutItem";

    public DynamoDbPutItem {
        key = Map.copyOf(key);
        names = Map.copyOf(names);
    }

    static DynamoDbPutItem parse(ActionSyntax s) {
        s.node().allowOnly("type", "table", "key", "condition", "names");
        s.requireBody("dynamodb:PutItem writes the request body as the item");
        Table table = s.table("table");
        Map<String, String> names = s.names("names");
        return new DynamoDbPutItem(s.node().string("table"), s.key(table, "key"), s.expression("condition", "c", names), names);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.putItem(this);
    }
}
