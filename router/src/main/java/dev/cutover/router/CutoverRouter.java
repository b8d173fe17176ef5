package dev.cutover.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.router.internal.action.ActionHandler;
import dev.cutover.router.internal.action.HandlerContext;
import dev.cutover.router.internal.backend.BackendErrors;
import dev.cutover.router.internal.backend.BackendFailure;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.http.CallPlanner;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.RouteTable;
import dev.cutover.router.internal.telemetry.RequestRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The router: one request travels handler → route → decide side → client → response. Serves the
 * operation map's routes; answers have the same shape whichever side served them, and errors are
 * JSON {@code {"message", "requestId"}} with 400/404/405/413 for the caller's mistakes and
 * 429/502/504 for the backends'. Thread-safe; build once and share.
 */
public final class CutoverRouter implements AutoCloseable {
    private final CutoverRouting routing;
    private final boolean ownsRouting;
    private final RouteTable routes;
    private final CallPlanner planner;
    private final Permissions permissions;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration secondaryTimeout;

    private CutoverRouter(CutoverRouting routing, boolean ownsRouting) {
        this.routing = routing;
        this.ownsRouting = ownsRouting;
        CutoverConfig config = routing.config();
        this.routes = new RouteTable(config);
        this.planner = new CallPlanner(config, json, new HandlerContext(config, routing.clients(), routing.cursors()));
        this.permissions = new Permissions(config);
        this.secondaryTimeout = config.router().secondaryTimeout();
    }

    /** Builds the router and everything it calls (clients of both sides, the AppConfig session); call once, at init. */
    public static CutoverRouter create(CutoverConfig config, AwsClientFactory factory) {
        return new CutoverRouter(CutoverRouting.create(config, factory), true);
    }

    /** A router on routing built elsewhere (e.g. with {@link CutoverRouting#builder} options); closing it leaves the routing open. */
    public static CutoverRouter on(CutoverRouting routing) {
        return new CutoverRouter(routing, false);
    }

    public CutoverRouting routing() {
        return routing;
    }

    /** Serves one request; never throws. */
    public RouterResponse handle(RouterRequest request) {
        long start = System.nanoTime();
        String operation = "-";
        RoutingDecision decision = null;
        String secondary = null;
        String detail = null;
        String outcome;
        RouterResponse response;
        try {
            RouteTable.Match match = routes.match(request.method(), request.rawPath());
            operation = match.operation().name();
            CallPlanner.Plan plan = planner.plan(match, request);
            decision = routing.decide(operation, plan.routingKey());
            Side primary = decision.primary();
            ActionHandler.PlannedCall call = plan.call();
            CutoverRouting.Routed<BackendResult> routed = routing.route(decision,
                    side -> call.call(side, side == primary ? null : secondaryTimeout),
                    match.operation().isRead() ? plan.handler()::differences : null);
            secondary = routed.secondary();
            BackendResult result = routed.primary();
            if (result.isFound()) {
                outcome = "ok";
                response = RouterResponse.json(result.status(), write(result.body()));
            } else {
                outcome = "not_found";
                response = error(404, result.body().path("message").asText(), request.requestId(), Map.of());
            }
        } catch (HttpFailure f) {
            outcome = f.outcome();
            response = error(f.status(), f.getMessage(), request.requestId(), f.headers());
        } catch (RuntimeException e) {
            if (decision == null) {
                outcome = "internal_error";
                detail = e.getClass().getName();
                response = error(500, "internal error; see the router log for request " + request.requestId(), request.requestId(),
                        Map.of());
            } else {
                BackendFailure f = BackendErrors.map(e, routes.operation(operation), decision.primary(), permissions);
                outcome = f.outcome();
                detail = f.detail();
                if (f.missingPermission() != null) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("requestId", request.requestId());
                    fields.put("side", decision.primary().id());
                    fields.put("missingPermission", f.missingPermission());
                    fields.put("fix", "grant this permission to the router's role in the " + decision.primary().id() + " account");
                    routing.telemetry().warn("missing_permission", null, operation, fields);
                }
                response = error(f.status(), f.getMessage(), request.requestId(), f.headers());
            }
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        routing.telemetry().request(new RequestRecord(request.requestId(), operation,
                decision == null ? "-" : decision.primary().id(), decision == null ? -1 : decision.bucket(), latencyMs,
                response.status(), outcome, secondary, routing.flagAgeMillis(), detail));
        return response;
    }

    private RouterResponse error(int status, String message, String requestId, Map<String, String> extraHeaders) {
        ObjectNode body = json.createObjectNode();
        body.put("message", message);
        body.put("requestId", requestId);
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("content-type", "application/json");
        return new RouterResponse(status, headers, write(body));
    }

    private String write(ObjectNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (ownsRouting) {
            routing.close();
        }
    }
}
