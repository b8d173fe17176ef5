package dev.cutover.config.action;

import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.List;
import java.util.Map;

/**
 * GetItem on a logical table; the key gives every key attribute a template.
 *
 * <pre>{@code action: {type: "dynamodb:GetItem", table: items, key: {id: "{id}"}, consistentRead: false}}</pre>
 */
public record DynamoDbGetItem(String table, Map<String, Template> key, boolean consistentRead) implements TableAction {
    public static final String TYPE = "dynamodb:GetItem";

    public DynamoDbGetItem {
        key = Map.copyOf(key);
    }

    static DynamoDbGetItem parse(ActionSyntax s) {
        s.node().allowOnly("type", "table", "key", "consistentRead");
        Table table = s.table("table");
        return new DynamoDbGetItem(s.node().string("table"), s.key(table, "key"), s.node().bool("consistentRead", false));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isRead() {
        return true;
    }

    @Override
    public List<Template> templates() {
        return List.copyOf(key.values());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.getItem(this);
    }
}
