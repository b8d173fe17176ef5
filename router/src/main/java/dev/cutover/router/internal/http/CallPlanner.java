package dev.cutover.router.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.Template;
import dev.cutover.router.RouterRequest;
import dev.cutover.router.internal.action.ActionHandler;
import dev.cutover.router.internal.action.ActionHandlers;
import dev.cutover.router.internal.action.CursorCodec;
import dev.cutover.router.internal.action.HandlerContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a matched request into its operation's planned call and routing key, checking every value the call will
 * use (the operation's {@link ActionHandler} does the action's part). Nothing here talks to a backend: a request
 * that fails here reaches no AWS service.
 */
public final class CallPlanner {
    /** The header a caller may send to make its retries of a write share one idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = "idempotency-key";

    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final Map<String, ActionHandler> handlers = new HashMap<>();
    private final Map<String, Boolean> needsBody = new HashMap<>();

    public CallPlanner(CutoverConfig config, ObjectMapper json, HandlerContext context) {
        this.json = json;
        this.maxBodyBytes = config.router().maxBodyBytes();
        for (Operation op : config.operations()) {
            ActionHandler handler = ActionHandlers.of(context, op);
            handlers.put(op.name(), handler);
            boolean readsBody = op.routingKey().refs().stream().anyMatch(r -> r.source() == Template.Source.BODY)
                    || op.action().templates().stream().flatMap(t -> t.refs().stream()).anyMatch(r -> r.source() == Template.Source.BODY);
            needsBody.put(op.name(), handler.sendsBody() || readsBody);
        }
    }

    /** A planner for plans only (tests, benchmarks): its calls have no clients. */
    public CallPlanner(CutoverConfig config, ObjectMapper json) {
        this(config, json, new HandlerContext(config, null, CursorCodec.ephemeral()));
    }

    /** A request ready to route: its operation, routing key, handler and the call either side would make. */
    public record Plan(Operation operation, String routingKey, ActionHandler handler, ActionHandler.PlannedCall call) {
    }

    public Plan plan(RouteTable.Match match, RouterRequest request) {
        if (request.bodyBytes() > maxBodyBytes) {
            throw new HttpFailure(413, "too_large", "request body is " + request.bodyBytes() + " bytes; the limit is "
                    + maxBodyBytes + " (router.maxBodyBytes)");
        }
        if (request.bodyProblem() != null) {
            throw HttpFailure.badRequest(request.bodyProblem());
        }
        Operation op = match.operation();
        JsonNode body = needsBody.get(op.name()) ? RequestValues.parseBody(json, request.body()) : null;
        RequestValues values = new RequestValues(request, match.pathVariables(), body);
        String routingKey = values.render(op.routingKey(), "routing key of " + op.name());
        ActionHandler handler = handlers.get(op.name());
        return new Plan(op, routingKey, handler, handler.plan(values));
    }
}
