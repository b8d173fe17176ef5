package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.List;
import java.util.Map;

/** A parsed ProjectionExpression. Immutable and thread-safe. */
public interface Projection {

    /** The projected parts of {@code item}, nested structure kept ({@code a.b[1]} gives {@code {a:{M:{b:{L:[..]}}}}}). */
    Map<String, AttributeValue> apply(Map<String, AttributeValue> item);

    /** The distinct top-level attribute names the projection reads, in expression order. */
    List<String> topLevelAttributes();
}
