package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.Permission;
import dev.cutover.config.SideResources;
import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DeleteItem of a key, optionally only when {@code condition} holds (else 409). Answers {@code {"deleted": true|false}}.
 *
 * <pre>{@code action: {type: "dynamodb:DeleteItem", table: items, key: {id: "{id}"}, condition: "attribute_exists(id)"}}</pre>
 */
public record DynamoDbDeleteItem(String table, Map<String, Template> key, Optional<DynamoDbExpression> condition, Map<String, String> names)
        implements Action {
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
    public boolean isRead() {
        return false;
    }

    @Override
    public Service service() {
        return Service.DYNAMODB;
    }

    @Override
    public String logicalResource() {
        return table;
    }

    @Override
    public List<Permission> permissions(SideResources resources, Arns arns, String neededBy) {
        return List.of(Permission.of("dynamodb:DeleteItem", arns.table(resources.table(table).name()), neededBy));
    }

    @Override
    public List<Template> templates() {
        List<Template> out = new ArrayList<>(key.values());
        condition.ifPresent(c -> out.addAll(c.values()));
        return out;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.deleteItem(this);
    }
}
