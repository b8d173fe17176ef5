package dev.cutover.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.router.internal.RouterRuntime;
import dev.cutover.router.internal.action.ActionHandler;
import dev.cutover.router.internal.action.HandlerContext;
import dev.cutover.router.internal.backend.BackendFailure;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.http.CallPlanner;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.ResponseRenderer;
import dev.cutover.router.internal.http.RouteTable;
import dev.cutover.router.internal.routing.Decider;
import dev.cutover.router.internal.routing.Execution;
import dev.cutover.router.internal.telemetry.RequestRecord;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The router: owns a request from start to finish. {@link #handle} matches the route, plans the call
 * (every request value checked, no AWS yet), decides the sides ({@link Decider}, shared with the
 * library API), executes primary and secondary in one unit ({@link Execution}: one credential-refresh
 * wrapper, one secondary deadline, backend errors mapped right there) and renders the response.
 * Answers have the same shape whichever side served them; errors are JSON {@code {"message", "requestId"}}
 * with 400/404/405/413 for the caller's mistakes and 409/429/502/504 for the backends'. Thread-safe; build once and share.
 */
public final class CutoverRouter implements AutoCloseable {
    private final CutoverRouting routing;
    private final boolean ownsRouting;
    private final RouterRuntime runtime;
    private final RouteTable routes;
    private final CallPlanner planner;
    private final Decider decider;
    private final Execution execution;
    private final Telemetry telemetry;
    private final ResponseRenderer responses;
    private final Map<String, Set<String>> shadowIgnore = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    private CutoverRouter(CutoverRouting routing, boolean ownsRouting) {
        this.routing = routing;
        this.ownsRouting = ownsRouting;
        this.runtime = routing.runtime();
        CutoverConfig config = runtime.config();
        this.routes = new RouteTable(config);
        this.planner = new CallPlanner(config, json, new HandlerContext(config, runtime.clients(), runtime.cursors()));
        this.decider = runtime.decider();
        this.execution = runtime.execution();
        this.telemetry = runtime.telemetry();
        this.responses = new ResponseRenderer(config, json);
        config.operations().forEach(op -> shadowIgnore.put(op.name(), Set.copyOf(op.shadowIgnore())));
    }

    /** Builds the router and everything it calls (clients of both sides, the AppConfig session); call once, at init. */
    public static CutoverRouter create(CutoverConfig config, AwsClientFactory factory) {
        return new CutoverRouter(CutoverRouting.create(config, factory), true);
    }

    /** A router on routing built elsewhere (e.g. with {@link CutoverRouting#builder} options); closing it leaves the routing open. */
    public static CutoverRouter on(CutoverRouting routing) {
        return new CutoverRouter(routing, false);
    }

    /** The library API over the same clients, flags and metrics (e.g. {@code routing().metricCount(...)}). */
    public CutoverRouting routing() {
        return routing;
    }

    /** The operation map this router serves. */
    CutoverConfig config() {
        return runtime.config();
    }

    /** Serves one request: match, plan, decide, execute, respond. Never throws. */
    public RouterResponse handle(RouterRequest request) {
        long start = System.nanoTime();
        Operation operation = null;
        RoutingDecision decision = null;
        String secondary = null;
        String detail = null;
        String outcome;
        RouterResponse response;
        try {
            RouteTable.Match match = routes.match(request.method(), request.rawPath());
            operation = match.operation();
            CallPlanner.Plan plan = planner.plan(match, request);
            decision = decider.decide(operation, plan.routingKey(), request.requestId());
            ActionHandler handler = plan.handler();
            Set<String> ignored = shadowIgnore.get(operation.name());
            Execution.Routed<BackendResult> routed = execution.executeMapped(decision, request.requestId(), plan.call()::call,
                    operation.isRead() ? (a, b) -> handler.differences(a, b, ignored) : null);
            secondary = routed.secondary();
            BackendResult result = routed.primary();
            if (result.isFound()) {
                outcome = "ok";
                response = responses.success(operation, result, request.requestId());
            } else {
                outcome = "not_found";
                response = error(404, result.body().path("message").asText(), request.requestId(), Map.of());
            }
        } catch (BackendFailure f) {
            outcome = f.outcome();
            detail = f.detail();
            response = error(f.status(), f.getMessage(), request.requestId(), f.headers());
        } catch (HttpFailure f) {
            outcome = f.outcome();
            response = error(f.status(), f.getMessage(), request.requestId(), f.headers());
        } catch (RuntimeException e) {
            outcome = "internal_error";
            detail = e.getClass().getName();
            response = error(500, "internal error; see the router log for request " + request.requestId(), request.requestId(), Map.of());
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        telemetry.request(new RequestRecord(request.requestId(), operation == null ? "-" : operation.name(),
                decision == null ? "-" : decision.primary().id(), decision == null ? -1 : decision.bucket(), latencyMs,
                response.status(), outcome, secondary, decider.flagAgeMillis(), detail));
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
