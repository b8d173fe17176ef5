package dev.cutover.config.internal;

import dev.cutover.config.ConfigException;
import dev.cutover.config.HttpRoute;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.SideResources;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import dev.cutover.config.action.DynamoDbExpression;
import dev.cutover.config.Template;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an action kind's {@code parse} reads its fields through: the action's node, the operation's route (templates
 * may only use its path variables; GET and DELETE have no body) and the legacy side's resources (both sides
 * share logical names and key schemas). Every error names the field and says what is expected.
 */
public final class ActionSyntax {
    private static final Pattern ATTRIBUTE_ALIAS = Pattern.compile("#[A-Za-z0-9_]{1,64}");

    private final Node node;
    private final HttpRoute route;
    private final SideResources resources;

    public ActionSyntax(Node node, HttpRoute route, SideResources resources) {
        this.node = node;
        this.route = route;
        this.resources = resources;
    }

    public Node node() {
        return node;
    }

    public HttpRoute route() {
        return route;
    }

    public String path() {
        return node.path();
    }

    /** True when the route's requests carry a body (not GET or DELETE). */
    public boolean hasBody() {
        return !route.method().equals("GET") && !route.method().equals("DELETE");
    }

    public ConfigException error(String problem) {
        return new ConfigException(node.path() + problem);
    }

    /** The logical table named by {@code field}, as the legacy side defines it. */
    public Table table(String field) {
        return logical(field, resources.tables());
    }

    public dev.cutover.config.Queue queue(String field) {
        return logical(field, resources.queues());
    }

    public dev.cutover.config.ParameterTree parameters(String field) {
        return logical(field, resources.parameters());
    }

    private <T> T logical(String field, Map<String, T> known) {
        String name = node.string(field);
        T value = known.get(name);
        if (value == null) {
            throw new ConfigException(node.path() + "." + field + " '" + name + "' is not defined under resources; known: "
                    + known.keySet());
        }
        return value;
    }

    /** The optional index named by {@code field}, checked against the table's indexes. */
    public Optional<TableIndex> index(Table table, String field) {
        if (!node.has(field)) {
            return Optional.empty();
        }
        String name = node.string(field);
        return Optional.of(table.index(name).orElseThrow(() -> new ConfigException(node.path() + "." + field + " '" + name
                + "' is not an index of table '" + table.name() + "'; known: " + table.indexes().stream().map(TableIndex::name).toList())));
    }

    /** A key: exactly the table's key attributes, each to a template. */
    public Map<String, Template> key(Table table, String field) {
        Map<String, Template> key = templates(field);
        Set<String> expected = new HashSet<>();
        expected.add(table.partitionKey().name());
        table.sortKey().ifPresent(s -> expected.add(s.name()));
        if (!key.keySet().equals(expected)) {
            throw new ConfigException(node.path() + "." + field + " must give exactly the table's key attributes " + expected
                    + ", but gave " + key.keySet());
        }
        return key;
    }

    /** The type of a key attribute of {@code table}; "S" for attributes that are not part of the key. */
    public static String keyType(Table table, String attribute) {
        if (table.partitionKey().name().equals(attribute)) {
            return table.partitionKey().type();
        }
        return table.sortKey().filter(k -> k.name().equals(attribute)).map(KeyAttribute::type).orElse("S");
    }

    public Template template(String field) {
        return template(node, field);
    }

    public Template template(Node parent, String field) {
        String text = parent.string(field);
        try {
            return checked(Template.parse(text), parent.path() + "." + field);
        } catch (ConfigException e) {
            throw new ConfigException(parent.path() + "." + field + ": " + e.getMessage());
        }
    }

    public Optional<Template> optionalTemplate(String field) {
        return node.has(field) ? Optional.of(template(field)) : Optional.empty();
    }

    /** A mapping of names to templates, in file order (empty when absent). */
    public Map<String, Template> templates(String field) {
        Map<String, Template> out = new LinkedHashMap<>();
        node.entries(field).forEach((name, value) -> {
            try {
                out.put(name, checked(Template.parse(value.text()), value.path()));
            } catch (ConfigException e) {
                throw new ConfigException(value.path() + ": " + e.getMessage());
            }
        });
        return out;
    }

    /** Expression attribute name aliases ({@code "#price": price}); each alias must be '#' and 1..64 of [A-Za-z0-9_]. */
    public Map<String, String> names(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        node.entries(field).forEach((alias, value) -> {
            if (!ATTRIBUTE_ALIAS.matcher(alias).matches()) {
                throw new ConfigException(value.path() + ": an attribute name alias must be '#' then 1 to 64 of [A-Za-z0-9_],"
                        + " e.g. '#price', but was '" + alias + "'");
            }
            out.put(alias, value.text());
        });
        return out;
    }

    /**
     * An expression with inline placeholders ({@code "SET #price = {body.price}"}); each placeholder becomes the value
     * {@code :<prefix><n>}.
     */
    public Optional<DynamoDbExpression> expression(String field, String prefix, Map<String, String> names) {
        if (!node.has(field)) {
            return Optional.empty();
        }
        String text = node.string(field);
        DynamoDbExpression parsed;
        try {
            parsed = DynamoDbExpression.parse(text, prefix);
            parsed.values().forEach(t -> checked(t, node.path() + "." + field));
        } catch (ConfigException e) {
            throw new ConfigException(node.path() + "." + field + ": " + e.getMessage());
        }
        for (String alias : parsed.aliases()) {
            if (!names.containsKey(alias)) {
                throw new ConfigException(node.path() + "." + field + " uses " + alias + ", which names does not define;"
                        + " add it under 'names', e.g. names: {\"" + alias + "\": attributeName}");
            }
        }
        return Optional.of(parsed);
    }

    /** The syntax of a nested mapping {@code field} (e.g. a transaction's second item), on the same route and resources. */
    public ActionSyntax child(String field) {
        return new ActionSyntax(node.object(field), route, resources);
    }

    /** Fails unless the route carries a body. */
    public void requireBody(String why) {
        if (!hasBody()) {
            throw new ConfigException(node.path() + ": " + why + ", so the route must be POST, PUT or PATCH, but was " + route.method());
        }
    }

    private Template checked(Template template, String where) {
        for (Template.Ref ref : template.refs()) {
            if (ref.source() == Template.Source.PATH && !route.variables().contains(ref.name())) {
                throw new ConfigException("uses {" + ref.name() + "}, which is not a variable of route '" + route
                        + "'; variables: " + route.variables());
            }
            if (ref.source() == Template.Source.BODY && !hasBody()) {
                throw new ConfigException(where + " uses {body." + ref.name() + "}, but " + route.method() + " requests have no body");
            }
        }
        return template;
    }

    /** Lists the valid values of a choice in an error. */
    public static String oneOf(List<String> values) {
        return String.join(", ", values);
    }
}
