package dev.cutover.config.action;

import dev.cutover.config.ConfigException;
import dev.cutover.config.Template;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DynamoDB expression (update, condition, filter) written with inline request values:
 * {@code "SET #price = {body.price}, updatedAt = {header.x-time}"}. Each placeholder becomes the expression value
 * {@code :<prefix><n>} and {@link #values()} holds its template at index n; {@code #alias} names come from the
 * action's {@code names}. A {@code {body.x}} value keeps its JSON type and exact number text.
 *
 * @param text the expression as sent to DynamoDB, placeholders replaced
 * @param values the template of each {@code :<prefix><n>}
 * @param prefix the value name prefix, distinct per expression of one call
 * @param aliases the {@code #name} aliases the expression uses
 */
public record DynamoDbExpression(String text, List<Template> values, String prefix, Set<String> aliases) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)}");
    private static final Pattern RAW_VALUE = Pattern.compile(":[A-Za-z0-9_]+");
    private static final Pattern ALIAS = Pattern.compile("#[A-Za-z0-9_]+");

    public DynamoDbExpression {
        values = List.copyOf(values);
        aliases = Set.copyOf(aliases);
    }

    public static DynamoDbExpression parse(String text, String prefix) {
        if (RAW_VALUE.matcher(text).find()) {
            throw new ConfigException("write request values inline as {pathVar} or {body.x}, not as ':name' expression values,"
                    + " but was '" + text + "'");
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        List<Template> values = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(':').append(prefix).append(values.size());
            values.add(Template.parse(m.group()));
            last = m.end();
        }
        out.append(text.substring(last));
        if (out.indexOf("{") >= 0 || out.indexOf("}") >= 0) {
            throw new ConfigException("expression '" + text + "' has an unbalanced '{' or '}'");
        }
        Set<String> aliases = new LinkedHashSet<>();
        Matcher a = ALIAS.matcher(out);
        while (a.find()) {
            aliases.add(a.group());
        }
        return new DynamoDbExpression(out.toString(), values, prefix, aliases);
    }

    /** The name of the expression value at {@code index}, e.g. ":u0". */
    public String valueName(int index) {
        return ":" + prefix + index;
    }
}
