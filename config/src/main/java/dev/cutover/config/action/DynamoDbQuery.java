package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ConfigException;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.SideResources;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import dev.cutover.config.internal.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Query on a logical table or one of its indexes: equality on the partition key, an optional sort-key condition and
 * filter, the order, and pages of at most {@code limit} items. A next page is offered as an opaque, encrypted
 * {@code cursor} (the router's answer); the caller sends it back as the {@code cursor} query parameter.
 *
 * <pre>{@code
 * action:
 *   type: "dynamodb:Query"
 *   table: events
 *   partitionKey: {name: owner, value: "{owner}"}
 *   sortKey: {name: at, operator: between, value: "{query.from}", upper: "{query.to}"}   # optional
 *   filter: "#status = {query.status}"                                                  # optional
 *   names: {"#status": status}
 *   scanIndexForward: false
 *   limit: 50
 * }</pre>
 */
public record DynamoDbQuery(String table, Optional<String> index, String partitionKeyName, Template partitionKeyValue, int limit,
        Optional<SortKeyCondition> sortKey, Optional<DynamoDbExpression> filter, Map<String, String> names, boolean scanIndexForward)
        implements TableAction {
    public static final String TYPE = "dynamodb:Query";
    /** The query parameter carrying the cursor of the next page. */
    public static final String CURSOR_PARAMETER = "cursor";
    static final List<String> OPERATORS = List.of("=", "<", "<=", ">", ">=", "between", "begins_with");

    public DynamoDbQuery {
        names = Map.copyOf(names);
    }

    /** Today's shape: partition key equality only. */
    public DynamoDbQuery(String table, Optional<String> index, String partitionKeyName, Template partitionKeyValue, int limit) {
        this(table, index, partitionKeyName, partitionKeyValue, limit, Optional.empty(), Optional.empty(), Map.of(), true);
    }

    /**
     * A condition on the sort key: {@code operator} is one of =, <, <=, >, >=, between (with {@code upper}) or
     * begins_with.
     */
    public record SortKeyCondition(String name, String type, String operator, Template value, Optional<Template> upper) {
    }

    static DynamoDbQuery parse(ActionSyntax s) {
        Node node = s.node();
        node.allowOnly("type", "table", "index", "partitionKey", "sortKey", "filter", "names", "scanIndexForward", "limit");
        Table table = s.table("table");
        Optional<TableIndex> index = s.index(table, "index");
        KeyAttribute pk = index.map(TableIndex::partitionKey).orElse(table.partitionKey());
        Optional<KeyAttribute> sk = index.isPresent() ? index.get().sortKey() : table.sortKey();
        Node pkNode = node.object("partitionKey");
        pkNode.allowOnly("name", "value");
        String pkName = pkNode.string("name");
        if (!pkName.equals(pk.name())) {
            throw new ConfigException(pkNode.path() + ".name must be the partition key '" + pk.name() + "', but was '" + pkName + "'");
        }
        Optional<SortKeyCondition> sortKey = node.optionalObject("sortKey").map(n -> sortKey(s, n, sk));
        Map<String, String> names = s.names("names");
        Optional<DynamoDbExpression> filter = s.expression("filter", "f", names);
        return new DynamoDbQuery(node.string("table"), index.map(TableIndex::name), pkName, s.template(pkNode, "value"),
                node.integer("limit", 100, 1, 1000), sortKey, filter, names, node.bool("scanIndexForward", true));
    }

    private static SortKeyCondition sortKey(ActionSyntax s, Node n, Optional<KeyAttribute> sk) {
        n.allowOnly("name", "operator", "value", "upper");
        KeyAttribute key = sk.orElseThrow(() -> new ConfigException(n.path() + ": the queried table or index has no sort key;"
                + " remove sortKey or query an index that has one"));
        String name = n.string("name");
        if (!name.equals(key.name())) {
            throw new ConfigException(n.path() + ".name must be the sort key '" + key.name() + "', but was '" + name + "'");
        }
        String operator = n.string("operator");
        if (!OPERATORS.contains(operator)) {
            throw new ConfigException(n.path() + ".operator must be one of " + String.join(", ", OPERATORS) + ", but was '"
                    + operator + "'");
        }
        if (operator.equals("begins_with") && key.type().equals("N")) {
            throw new ConfigException(n.path() + ".operator begins_with needs a string or binary sort key, but '" + name + "' is N");
        }
        Optional<Template> upper = n.has("upper") ? Optional.of(s.template(n, "upper")) : Optional.empty();
        if (operator.equals("between") != upper.isPresent()) {
            throw new ConfigException(n.path() + ".upper " + (upper.isPresent() ? "applies only to operator between; remove it"
                    : "is required for operator between: the condition is value <= " + name + " <= upper"));
        }
        return new SortKeyCondition(name, key.type(), operator, s.template(n, "value"), upper);
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
    public String resourceArn(SideResources resources, Arns arns) {
        String name = resources.table(table).name();
        return index.map(i -> arns.tableIndex(name, i)).orElse(arns.table(name));
    }

    @Override
    public List<Template> templates() {
        List<Template> out = new ArrayList<>();
        out.add(partitionKeyValue);
        sortKey.ifPresent(k -> {
            out.add(k.value());
            k.upper().ifPresent(out::add);
        });
        filter.ifPresent(f -> out.addAll(f.values()));
        return out;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.query(this);
    }
}
