package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ConfigException;
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
 * TransactWriteItems of two writes on one table, all or nothing: PutItem of the request's JSON object with the key from
 * templates (only when {@code condition} holds, if given), and UpdateItem of a second item of the same table, e.g. a
 * per-owner counter (only when {@code counter.condition} holds, if given). A condition that does not hold cancels both
 * writes: 409, nothing written.
 *
 * <pre>{@code
 * action:
 *   type: "dynamodb:TransactWriteItems"
 *   table: items
 *   key: {id: "{id}"}
 *   condition: "attribute_not_exists(id)"
 *   counter:
 *     key: {id: "owner#{body.owner}"}
 *     update: "ADD #count {body.quantity}"
 *   names: {"#count": count}
 * }</pre>
 *
 * <p>IAM has no TransactWriteItems action: the call needs {@code dynamodb:PutItem} and {@code dynamodb:UpdateItem} on the
 * table, one per item.
 */
public record DynamoDbTransactWriteItems(String table, Map<String, Template> key, Optional<DynamoDbExpression> condition,
        Map<String, Template> counterKey, DynamoDbExpression counterUpdate, Optional<DynamoDbExpression> counterCondition,
        Map<String, String> names) implements TableAction {
    public static final String TYPE = "dynamodb:TransactWriteItems";

    public DynamoDbTransactWriteItems {
        key = Map.copyOf(key);
        counterKey = Map.copyOf(counterKey);
        names = Map.copyOf(names);
    }

    static DynamoDbTransactWriteItems parse(ActionSyntax s) {
        s.node().allowOnly("type", "table", "key", "condition", "counter", "names");
        s.requireBody("dynamodb:TransactWriteItems writes the request body as the item");
        Table table = s.table("table");
        Map<String, String> names = s.names("names");
        if (!s.node().has("counter")) {
            throw new ConfigException(s.path() + ".counter is required: the second item the transaction updates, e.g."
                    + " counter: {key: {id: \"owner#{body.owner}\"}, update: \"ADD #count {body.quantity}\"}");
        }
        ActionSyntax counter = s.child("counter");
        counter.node().allowOnly("key", "update", "condition");
        DynamoDbExpression update = counter.expression("update", "u", names).orElseThrow(() -> new ConfigException(counter.path()
                + ".update is required: an UpdateExpression such as \"ADD #count {body.quantity}\""));
        return new DynamoDbTransactWriteItems(s.node().string("table"), s.key(table, "key"), s.expression("condition", "c", names),
                counter.key(table, "key"), update, counter.expression("condition", "w", names), names);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isRead() {
        return false;
    }

    /** One grant per item's write: PutItem and UpdateItem on the table. */
    @Override
    public List<Permission> permissions(SideResources resources, Arns arns, String neededBy) {
        String arn = resourceArn(resources, arns);
        return List.of(Permission.of("dynamodb:PutItem", arn, neededBy), Permission.of("dynamodb:UpdateItem", arn, neededBy));
    }

    @Override
    public List<Template> templates() {
        List<Template> out = new ArrayList<>(key.values());
        condition.ifPresent(c -> out.addAll(c.values()));
        out.addAll(counterKey.values());
        out.addAll(counterUpdate.values());
        counterCondition.ifPresent(c -> out.addAll(c.values()));
        return out;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.transactWriteItems(this);
    }
}
