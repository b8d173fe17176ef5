package dev.cutover.config.action;

import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.Map;
import java.util.Optional;

/**
 * DeleteItem of a key, optionally only when {@code condition} holds (else 409). Answers {@code {"deleted": true|false}}.
 *
 * <pre>{@code action: {type: "dynamodb:DeleteItem", table: items, key: {id: "{id}"}, condition: "attribute_exists(id)"}}</pre>
 */
public record DynamoDbDeleteItem(String table, Map<String, Template> key, Optional<DynamoDbExpression> condition, Map<String, String> names)
        implements ItemWrite {
    public static final String TYPE = "dynamodb:DeleteItem";

    public DynamoDbDeleteItem {
        key = Map.copyOf(key);
        names = Map.copyOf(names);
    }

    static DynamoDbDeleteItem parse(ActionSyntax s) {
        s.node().allowOnly("type", "table", "key", "condition", "names");
        Table table = s.table("table");
        Map<String, String> names = s.names("names");
        return new DynamoDbDeleteItem(s.node().string("table"), s.key(table, "key"), s.expression("condition", "c", names), names);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.deleteItem(this);
    }
}
