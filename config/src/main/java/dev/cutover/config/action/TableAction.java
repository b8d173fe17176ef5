package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.Permission;
import dev.cutover.config.SideResources;
import java.util.List;

/**
 * An action on one logical DynamoDB table whose IAM action is its own type ({@code dynamodb:GetItem} needs
 * {@code dynamodb:GetItem}) on that table's ARN: the service, resource and grant every such kind shares.
 */
public sealed interface TableAction extends Action permits DynamoDbGetItem, DynamoDbQuery, DynamoDbBatchGetItem, ItemWrite,
        DynamoDbTransactWriteItems {

    /** The logical table name. */
    String table();

    @Override
    default Service service() {
        return Service.DYNAMODB;
    }

    @Override
    default String logicalResource() {
        return table();
    }

    /** {@link #type()} on the table's ARN (or on what {@link #resourceArn} narrows it to). */
    @Override
    default List<Permission> permissions(SideResources resources, Arns arns, String neededBy) {
        return List.of(Permission.of(type(), resourceArn(resources, arns), neededBy));
    }

    /** The ARN the grant names: the table's; a Query of an index overrides it with the index's. */
    default String resourceArn(SideResources resources, Arns arns) {
        return arns.table(resources.table(table()).name());
    }
}
