package dev.cutover.config.action;

import dev.cutover.config.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A write of one item by its key, optionally only when a condition holds (else 409): PutItem, UpdateItem, DeleteItem.
 * Writes are dual-write-able, never shadowed.
 */
public sealed interface ItemWrite extends TableAction permits DynamoDbPutItem, DynamoDbUpdateItem, DynamoDbDeleteItem {

    /** Every key attribute's template. */
    Map<String, Template> key();

    /** The ConditionExpression, if any. */
    Optional<DynamoDbExpression> condition();

    /** ExpressionAttributeNames shared by the action's expressions. */
    Map<String, String> names();

    @Override
    default boolean isRead() {
        return false;
    }

    /** The key's templates, then the condition's. */
    @Override
    default List<Template> templates() {
        List<Template> out = new ArrayList<>(key().values());
        condition().ifPresent(c -> out.addAll(c.values()));
        return out;
    }
}
