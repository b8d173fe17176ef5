package dev.cutover.router.internal.backend;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One validated backend call, independent of the side that will serve it: logical resource names
 * plus values already taken from the request and checked. Built before any backend is contacted.
 */
public sealed interface BackendCall {

    /** GetItem of {@code key} (typed attribute values) from a logical table. */
    record GetItem(String table, Map<String, AttributeValue> key, boolean consistentRead) implements BackendCall {
        public GetItem {
            key = Map.copyOf(key);
        }
    }

    /** Query for partition key equality on a logical table or one of its indexes. */
    record Query(String table, Optional<String> index, String partitionKeyName, AttributeValue partitionKeyValue, int limit)
            implements BackendCall {
    }

    /** SendMessage of the request body to a logical queue; {@code idempotencyKey} is shared by both sides. */
    record SendMessage(String queue, String body, Map<String, String> attributes, Optional<String> messageGroupId,
            String idempotencyKey) implements BackendCall {
        public SendMessage {
            attributes = Map.copyOf(attributes);
        }
    }

    /** GetParameter {@code <tree path>/<name>}; {@code name} is the public name the caller used. */
    record GetParameter(String tree, String name, boolean decrypt) implements BackendCall {
    }
}
