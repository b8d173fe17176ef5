package dev.cutover.router.internal.action;

import dev.cutover.config.Operation;
import dev.cutover.config.action.Action;
import dev.cutover.config.action.DynamoDbBatchGetItem;
import dev.cutover.config.action.DynamoDbDeleteItem;
import dev.cutover.config.action.DynamoDbGetItem;
import dev.cutover.config.action.DynamoDbPutItem;
import dev.cutover.config.action.DynamoDbQuery;
import dev.cutover.config.action.DynamoDbTransactWriteItems;
import dev.cutover.config.action.DynamoDbUpdateItem;
import dev.cutover.config.action.SqsSendMessage;
import dev.cutover.config.action.SsmGetParameter;
import dev.cutover.config.action.SsmGetParametersByPath;

/** Builds the handler of an operation's action: one method per kind, so a kind without a handler is a compile error. */
public final class ActionHandlers implements Action.Visitor<ActionHandler> {
    private final HandlerContext context;
    private final Operation operation;

    private ActionHandlers(HandlerContext context, Operation operation) {
        this.context = context;
        this.operation = operation;
    }

    /** The handler of {@code operation}; built once, at init. */
    public static ActionHandler of(HandlerContext context, Operation operation) {
        return operation.action().accept(new ActionHandlers(context, operation));
    }

    @Override
    public ActionHandler getItem(DynamoDbGetItem action) {
        return new GetItemHandler(context, action);
    }

    @Override
    public ActionHandler query(DynamoDbQuery action) {
        return new QueryHandler(context, operation.name(), action);
    }

    @Override
    public ActionHandler putItem(DynamoDbPutItem action) {
        return new PutItemHandler(context, action);
    }

    @Override
    public ActionHandler updateItem(DynamoDbUpdateItem action) {
        return new UpdateItemHandler(context, action);
    }

    @Override
    public ActionHandler deleteItem(DynamoDbDeleteItem action) {
        return new DeleteItemHandler(context, action);
    }

    @Override
    public ActionHandler batchGetItem(DynamoDbBatchGetItem action) {
        return new BatchGetItemHandler(context, action);
    }

    @Override
    public ActionHandler transactWriteItems(DynamoDbTransactWriteItems action) {
        return new TransactWriteItemsHandler(context, action);
    }

    @Override
    public ActionHandler sendMessage(SqsSendMessage action) {
        return new SendMessageHandler(context, action);
    }

    @Override
    public ActionHandler getParameter(SsmGetParameter action) {
        return new GetParameterHandler(context, action);
    }

    @Override
    public ActionHandler getParametersByPath(SsmGetParametersByPath action) {
        return new GetParametersByPathHandler(context, action);
    }
}
