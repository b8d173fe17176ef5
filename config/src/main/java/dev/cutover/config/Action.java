package dev.cutover.config;

import java.util.Map;
import java.util.Optional;

/** What an operation does on whichever side serves it. Reads may be shadowed; writes may be dual-written. */
public sealed interface Action permits Action.DynamoDbGetItem, Action.DynamoDbQuery, Action.SqsSendMessage, Action.SsmGetParameter {

    /** True for reads (shadow-able), false for writes (dual-write-able). */
    boolean isRead();

    /** The action type as written in the file, e.g. "dynamodb:GetItem". */
    String type();

    /** GetItem on a logical table; key attribute name to template. */
    record DynamoDbGetItem(String table, Map<String, Template> key, boolean consistentRead) implements Action {
        public DynamoDbGetItem {
            key = Map.copyOf(key);
        }

        @Override
        public boolean isRead() {
            return true;
        }

        @Override
        public String type() {
            return "dynamodb:GetItem";
        }
    }

    /** Query on a logical table or one of its indexes: equality on the partition key, optional limit. */
    record DynamoDbQuery(String table, Optional<String> index, String partitionKeyName, Template partitionKeyValue,
            int limit) implements Action {
        @Override
        public boolean isRead() {
            return true;
        }

        @Override
        public String type() {
            return "dynamodb:Query";
        }
    }

    /**
     * SendMessage of the request body to a logical queue, with string message attributes and, for
     * FIFO queues, group and deduplication ids from templates.
     */
    record SqsSendMessage(String queue, Map<String, Template> attributes, Optional<Template> messageGroupId,
            Optional<Template> deduplicationId) implements Action {
        public SqsSendMessage {
            attributes = Map.copyOf(attributes);
        }

        @Override
        public boolean isRead() {
            return false;
        }

        @Override
        public String type() {
            return "sqs:SendMessage";
        }
    }

    /** GetParameter of {@code <tree path>/<name>} where the name comes from a template. */
    record SsmGetParameter(String parameters, Template name, boolean decrypt) implements Action {
        @Override
        public boolean isRead() {
            return true;
        }

        @Override
        public String type() {
            return "ssm:GetParameter";
        }
    }
}
