package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import dev.cutover.config.action.DynamoDbTransactWriteItems;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.backend.ItemJson;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.RequestValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * dynamodb:TransactWriteItems: PutItem of the request's JSON object plus the key, and UpdateItem of the counter item, all or
 * nothing. A condition that does not hold cancels both: 409. Answers {@code {"item": {...}, "counterKey": {...}}}.
 */
final class TransactWriteItemsHandler implements ActionHandler {
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONDITION_FAILED_EXCEPTION = "ConditionalCheckFailedException";

    private final HandlerContext context;
    private final DynamoDbTransactWriteItems action;
    private final Table table;

    TransactWriteItemsHandler(HandlerContext context, DynamoDbTransactWriteItems action) {
        this.context = context;
        this.action = action;
        this.table = context.resources(Side.LEGACY).table(action.table());
    }

    @Override
    public boolean sendsBody() {
        return true;
    }

    private record Call(Map<String, AttributeValue> item, Map<String, AttributeValue> putValues, Map<String, AttributeValue> counterKey,
            Map<String, AttributeValue> counterValues) {
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(DynamoDbValues.item(values.body()));
        item.putAll(DynamoDbValues.key(table, action.key(), values));
        if (values.request().body().getBytes(StandardCharsets.UTF_8).length > DynamoDbValues.MAX_ITEM_BYTES) {
            throw HttpFailure.badRequest("the item would exceed DynamoDB's 400 KB item size limit: send a smaller body");
        }
        Map<String, AttributeValue> counterKey = DynamoDbValues.key(table, action.counterKey(), values);
        if (counterKey.equals(DynamoDbValues.key(table, action.key(), values))) {
            throw HttpFailure.badRequest("the item and the counter item have the same key; a transaction writes each item once:"
                    + " send values that give them different keys");
        }
        Map<String, AttributeValue> putValues = new HashMap<>();
        action.condition().ifPresent(c -> DynamoDbValues.expressionValues(c, values, putValues));
        Map<String, AttributeValue> counterValues = new HashMap<>();
        DynamoDbValues.expressionValues(action.counterUpdate(), values, counterValues);
        action.counterCondition().ifPresent(c -> DynamoDbValues.expressionValues(c, values, counterValues));
        Call call = new Call(item, putValues, counterKey, counterValues);
        return (side, deadline) -> call(side, deadline, call);
    }

    private BackendResult call(Side side, Duration deadline, Call c) {
        String tableName = context.resources(side).table(action.table()).name();
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(c.item())
                .conditionExpression(action.condition().map(e -> e.text()).orElse(null))
                .expressionAttributeNames(DynamoDbValues.names(action.names(), action.condition(), Optional.empty()))
                .expressionAttributeValues(DynamoDbValues.orNull(c.putValues())).build()).build();
        TransactWriteItem update = TransactWriteItem.builder().update(Update.builder().tableName(tableName).key(c.counterKey())
                .updateExpression(action.counterUpdate().text())
                .conditionExpression(action.counterCondition().map(e -> e.text()).orElse(null))
                .expressionAttributeNames(DynamoDbValues.names(action.names(), Optional.of(action.counterUpdate()),
                        action.counterCondition()))
                .expressionAttributeValues(DynamoDbValues.orNull(c.counterValues())).build()).build();
        try {
            context.clients().dynamoDb(side).transactWriteItems(b -> b.transactItems(put, update)
                    .overrideConfiguration(HandlerContext.deadline(deadline)));
        } catch (TransactionCanceledException e) {
            List<String> codes = e.hasCancellationReasons() ? e.cancellationReasons().stream().map(CancellationReason::code).toList()
                    : List.of();
            if (codes.contains(CONDITION_FAILED)) {
                // A condition of one item: the same 409 as a single write's ConditionalCheckFailedException (BackendErrors).
                String message = (CONDITION_FAILED.equals(codes.get(0)) ? "the item's" : "the counter's")
                        + " condition does not hold; transaction cancelled, reasons " + codes;
                throw ConditionalCheckFailedException.builder().message(message).statusCode(400).cause(e)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode(CONDITION_FAILED_EXCEPTION).errorMessage(message)
                                .serviceName("DynamoDb").build())
                        .build();
            }
            throw e;
        }
        ObjectNode body = BackendResult.NODES.objectNode();
        body.set("item", ItemJson.item(c.item()));
        body.set("counterKey", ItemJson.item(c.counterKey()));
        return new BackendResult(200, body);
    }
}
