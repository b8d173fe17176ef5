package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.action.SsmGetParametersByPath;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.http.RequestValues;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * ssm:GetParametersByPath of a tree or a subtree, every page. Answers {@code {"parameters": [{"name", "type", "value"}],
 * "count": n}} sorted by name, names relative to the tree (the public names, the same on both sides). A SecureString's
 * value is present only with {@code decrypt: true}; without it the listing names it and omits its ciphertext.
 */
final class GetParametersByPathHandler implements ActionHandler {
    /** A listing stops here; a settings tree is far smaller. */
    static final int MAX_PARAMETERS = 1000;

    private final HandlerContext context;
    private final SsmGetParametersByPath action;

    GetParametersByPathHandler(HandlerContext context, SsmGetParametersByPath action) {
        this.context = context;
        this.action = action;
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        String sub = action.subPath().map(t -> values.render(t, "subPath")).orElse(null);
        return (side, deadline) -> call(side, deadline, sub);
    }

    private BackendResult call(Side side, Duration deadline, String sub) {
        String tree = context.resources(side).parameterTree(action.parameters()).path();
        String path = sub == null ? tree : tree + "/" + sub;
        List<Parameter> all = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            GetParametersByPathResponse r = context.clients().ssm(side).getParametersByPath(b -> b.path(path).recursive(action.recursive())
                    .withDecryption(action.decrypt()).nextToken(token).overrideConfiguration(HandlerContext.deadline(deadline)));
            all.addAll(r.parameters());
            next = r.nextToken();
        } while (next != null && all.size() < MAX_PARAMETERS);
        all.sort(Comparator.comparing(Parameter::name));
        ObjectNode body = BackendResult.NODES.objectNode();
        ArrayNode list = body.putArray("parameters");
        for (Parameter p : all) {
            ObjectNode entry = list.addObject();
            entry.put("name", p.name().substring(Math.min(p.name().length(), tree.length() + 1)));
            entry.put("type", p.typeAsString());
            if (action.decrypt() || p.type() != ParameterType.SECURE_STRING) {
                entry.put("value", p.value());
            }
        }
        body.put("count", all.size());
        return new BackendResult(200, body);
    }
}
