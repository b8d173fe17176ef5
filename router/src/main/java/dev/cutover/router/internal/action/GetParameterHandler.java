package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.action.SsmGetParameter;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.http.RequestValues;
import java.time.Duration;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** ssm:GetParameter: answers {@code {"name", "value", "version"}} with the public name, or 404. */
final class GetParameterHandler implements ActionHandler {
    private final HandlerContext context;
    private final SsmGetParameter action;

    GetParameterHandler(HandlerContext context, SsmGetParameter action) {
        this.context = context;
        this.action = action;
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        String name = values.render(action.name(), "parameter name");
        return (side, deadline) -> call(side, deadline, name);
    }

    private BackendResult call(Side side, Duration deadline, String name) {
        String path = context.resources(side).parameterTree(action.parameters()).path() + "/" + name;
        try {
            GetParameterResponse r = context.clients().ssm(side).getParameter(b -> b.name(path).withDecryption(action.decrypt())
                    .overrideConfiguration(HandlerContext.deadline(deadline)));
            ObjectNode body = BackendResult.NODES.objectNode();
            body.put("name", name);
            body.put("value", r.parameter().value());
            body.put("version", r.parameter().version());
            return new BackendResult(200, body);
        } catch (ParameterNotFoundException e) {
            return BackendResult.notFound("parameter '" + name + "' not found");
        }
    }
}
