package dev.cutover.dynamodb.internal.expression;

import dev.cutover.dynamodb.internal.expression.Ast.PathElem;
import dev.cutover.dynamodb.internal.expression.Ast.PathNode;
import dev.cutover.dynamodb.internal.expression.Ast.ValueNode;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.NullValue;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resolves placeholders and bare names of one expression against the request's context, recording errors. */
final class Resolver {

    private final ExpressionContext ctx;
    private final Errors errors;
    private final Errors.Kind valueKind;
    private final Map<PathNode, DocumentPath> paths = new IdentityHashMap<>();

    /** {@code valueKind}: the error kind of an undefined value (conditions rank it with undefined names). */
    Resolver(ExpressionContext ctx, Errors errors, Errors.Kind valueKind) {
        this.ctx = ctx;
        this.errors = errors;
        this.valueKind = valueKind;
    }

    Errors errors() {
        return errors;
    }

    /** The top-level attribute names of every path resolved so far (names already substituted). */
    Set<String> heads() {
        Set<String> heads = new LinkedHashSet<>();
        for (DocumentPath path : paths.values()) {
            heads.add(path.head());
        }
        return heads;
    }

    DocumentPath path(PathNode node) {
        DocumentPath cached = paths.get(node);
        if (cached != null) {
            return cached;
        }
        List<Object> elements = new ArrayList<>(node.elems().size());
        for (PathElem e : node.elems()) {
            if (e.isIndex()) {
                elements.add(e.index());
            } else if (e.placeholder()) {
                String name = ctx.name(e.text());
                if (name == null) {
                    errors.add(Errors.Kind.ATTR_NAME,
                            "An expression attribute name used in the document path is not defined; attribute name: " + e.text());
                    name = e.text();
                }
                elements.add(name);
            } else {
                if (ReservedWords.isReserved(e.text())) {
                    errors.add(Errors.Kind.RESERVED, "Attribute name is a reserved keyword; reserved keyword: " + e.text());
                }
                elements.add(e.text());
            }
        }
        DocumentPath path = new DocumentPath(elements);
        paths.put(node, path);
        return path;
    }

    AttributeValue value(ValueNode node) {
        AttributeValue value = ctx.value(node.placeholder());
        if (value == null) {
            errors.add(valueKind,
                    "An expression attribute value used in expression is not defined; attribute value: " + node.placeholder());
            return NullValue.INSTANCE;
        }
        return value;
    }

    /** The value a node certainly has when the expression is parsed (a defined placeholder), else null. */
    AttributeValue literal(Ast.Node node) {
        if (node instanceof ValueNode v) {
            return ctx.value(v.placeholder());
        }
        return null;
    }

    /**
     * Checks a new update or projection path against the earlier ones: the same path or one inside another "overlap",
     * a map key where the other has a list index "conflict".
     */
    void checkOverlap(List<DocumentPath> earlier, DocumentPath path) {
        for (DocumentPath other : earlier) {
            int n = Math.min(other.length(), path.length());
            boolean diverged = false;
            for (int i = 0; i < n; i++) {
                Object a = other.element(i);
                Object b = path.element(i);
                if (a.getClass() != b.getClass()) {
                    errors.add(Errors.Kind.PATH_CONFLICT, "Two document paths conflict with each other; must remove or rewrite one of "
                            + "these paths; path one: " + other + ", path two: " + path);
                    diverged = true;
                    break;
                }
                if (!a.equals(b)) {
                    diverged = true;
                    break;
                }
            }
            if (!diverged) {
                errors.add(Errors.Kind.PATH_OVERLAP, "Two document paths overlap with each other; must remove or rewrite one of "
                        + "these paths; path one: " + other + ", path two: " + path);
            }
        }
        earlier.add(path);
    }
}
