package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.value.AttributeValue;
import java.util.List;
import java.util.Map;

/** A compiled ProjectionExpression. */
final class CompiledProjection implements Projection {

    private final ProjectionTree tree;
    private final List<String> topLevel;

    CompiledProjection(List<DocumentPath> paths) {
        this.tree = ProjectionTree.of(paths);
        this.topLevel = paths.stream().map(DocumentPath::head).distinct().toList();
    }

    @Override
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        return tree.apply(item);
    }

    @Override
    public List<String> topLevelAttributes() {
        return topLevel;
    }
}
