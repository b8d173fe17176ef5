package dev.cutover.config.action;

import dev.cutover.config.ConfigException;
import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * UpdateItem with an UpdateExpression template whose values come from the request ({@code {id}}, {@code {body.price}});
 * optionally only when {@code condition} holds (else 409). Answers the item as it is after the update.
 *
 * <pre>{@code
 * action:
 *   type: "dynamodb:UpdateItem"
 *   table: items
 *   key: {id: "{id}"}
 *   update: "SET #price = {body.price}, #owner = {body.owner}"
 *   condition: "attribute_exists(id)"
 *   names: {"#price": price, "#owner": owner}
 * }</pre>
 */
public record DynamoDbUpdateItem(String table, Map<String, Template> key, DynamoDbExpression update, Optional<DynamoDbExpression> condition,
        Map<String, String> names) implements ItemWrite {
    public static final String TYPE = "dynamodb:UpdateItem";

    public DynamoDbUpdateItem {
        key = Map.copyOf(key);
        names = Map.copyOf(names);
    }

    static DynamoDbUpdateItem parse(ActionSyntax s) {
        s.node().allowOnly("type", "table", "key", "update", "condition", "names");
        Table table = s.table("table");
        Map<String, String> names = s.names("names");
        DynamoDbExpression update = s.expression("update", "u", names).orElseThrow(() -> new ConfigException(s.path()
                + ".update is required: an UpdateExpression such as \"SET #price = {body.price}\""));
        return new DynamoDbUpdateItem(s.node().string("table"), s.key(table, "key"), update, s.expression("condition", "c", names),
                names);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Template> templates() {
        List<Template> out = new ArrayList<>(key.values());
        out.addAll(update.values());
        condition.ifPresent(c -> out.addAll(c.values()));
        return out;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.updateItem(this);
    }
}
