package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ConfigException;
import dev.cutover.config.Permission;
import dev.cutover.config.SideResources;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an operation does on whichever side serves it; one record per kind, each in its own file with its
 * configuration syntax ({@code parse}), the IAM grants it needs on a side, the AWS service whose clients it
 * needs, whether it reads (shadow-able) or writes (dual-write-able) and which logical data it touches. The
 * router's half of a kind (plan, call, compare) is reached through {@link Visitor}: a new kind is a compile
 * error in every visitor until it is handled.
 */
public sealed interface Action permits TableAction, ParameterAction, SqsSendMessage {

    /** The AWS service an action calls: the router builds clients only for services some operation uses. */
    enum Service { DYNAMODB, SQS, SSM }

    /** The action type as written in the file, e.g. "dynamodb:GetItem". */
    String type();

    /** True for reads (shadow-able), false for writes (dual-write-able). */
    boolean isRead();

    Service service();

    /** The logical table, queue or parameter tree the action touches (the flags guard checks reads against verified data). */
    String logicalResource();

    /** The exact IAM grants the action needs on one side, with that side's resources and ARNs. */
    List<Permission> permissions(SideResources resources, Arns arns, String neededBy);

    /** Every template the action renders from a request (the router parses a body only when one reads it). */
    List<Template> templates();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind: implementing it is handling every kind. */
    interface Visitor<R> {
        R getItem(DynamoDbGetItem action);

        R query(DynamoDbQuery action);

        R putItem(DynamoDbPutItem action);

        R updateItem(DynamoDbUpdateItem action);

        R deleteItem(DynamoDbDeleteItem action);

        R batchGetItem(DynamoDbBatchGetItem action);

        R transactWriteItems(DynamoDbTransactWriteItems action);

        R sendMessage(SqsSendMessage action);

        R getParameter(SsmGetParameter action);

        R getParametersByPath(SsmGetParametersByPath action);
    }

    /** Parses an operation's {@code action} by its {@code type}. */
    static Action parse(ActionSyntax syntax) {
        String type = syntax.node().string("type");
        Function<ActionSyntax, Action> parser = Parsers.BY_TYPE.get(type);
        if (parser == null) {
            throw new ConfigException(syntax.path() + ".type must be one of " + String.join(", ", Parsers.BY_TYPE.keySet())
                    + ", but was '" + type + "'");
        }
        return parser.apply(syntax);
    }

    /** The parser of each type; a test checks that every permitted kind is listed. */
    final class Parsers {
        static final Map<String, Function<ActionSyntax, Action>> BY_TYPE = byType();

        private Parsers() {
        }

        private static Map<String, Function<ActionSyntax, Action>> byType() {
            Map<String, Function<ActionSyntax, Action>> m = new LinkedHashMap<>();
            m.put(DynamoDbGetItem.TYPE, DynamoDbGetItem::parse);
            m.put(DynamoDbQuery.TYPE, DynamoDbQuery::parse);
            m.put(DynamoDbPutItem.TYPE, DynamoDbPutItem::parse);
            m.put(DynamoDbUpdateItem.TYPE, DynamoDbUpdateItem::parse);
            m.put(DynamoDbDeleteItem.TYPE, DynamoDbDeleteItem::parse);
            m.put(DynamoDbBatchGetItem.TYPE, DynamoDbBatchGetItem::parse);
            m.put(DynamoDbTransactWriteItems.TYPE, DynamoDbTransactWriteItems::parse);
            m.put(SqsSendMessage.TYPE, SqsSendMessage::parse);
            m.put(SsmGetParameter.TYPE, SsmGetParameter::parse);
            m.put(SsmGetParametersByPath.TYPE, SsmGetParametersByPath::parse);
            return java.util.Collections.unmodifiableMap(m); // file order: the error lists the types as documented
        }

        /** The types the file may use. */
        public static List<String> types() {
            return List.copyOf(BY_TYPE.keySet());
        }
    }
}
