package dev.cutover.config.action;

import dev.cutover.config.ConfigException;
import dev.cutover.config.Table;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.List;

/**
 * BatchGetItem of up to 100 items of a table keyed by its partition key alone: {@code ids} is {@code {body.x}} (a JSON
 * array of ids) or {@code {query.x}} (ids separated by commas). Unprocessed keys are retried; answers the found items in
 * the order asked.
 *
 * <pre>{@code action: {type: "dynamodb:BatchGetItem", table: items, ids: "{body.ids}"}}</pre>
 */
public record DynamoDbBatchGetItem(String table, Template ids, boolean consistentRead) implements TableAction {
    public static final String TYPE = "dynamodb:BatchGetItem";
    /** BatchGetItem's limit of keys per request. */
    public static final int MAX_IDS = 100;

    static DynamoDbBatchGetItem parse(ActionSyntax s) {
        s.node().allowOnly("type", "table", "ids", "consistentRead");
        Table table = s.table("table");
        if (table.sortKey().isPresent()) {
            throw new ConfigException(s.path() + ".table '" + s.node().string("table") + "' has a sort key; dynamodb:BatchGetItem"
                    + " fetches by partition key only: use a table keyed by its partition key, or dynamodb:Query");
        }
        Template ids = s.template("ids");
        boolean ok = ids.isSinglePlaceholder() && (ids.refs().get(0).source() == Template.Source.BODY
                || ids.refs().get(0).source() == Template.Source.QUERY);
        if (!ok) {
            throw new ConfigException(s.path() + ".ids must be one placeholder {body.x} (a JSON array) or {query.x}"
                    + " (comma-separated ids), but was '" + ids + "'");
        }
        return new DynamoDbBatchGetItem(s.node().string("table"), ids, s.node().bool("consistentRead", false));
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
        return List.of(ids);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.batchGetItem(this);
    }
}
