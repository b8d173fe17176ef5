package dev.cutover.sandbox.internal.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.sandbox.AccountFaults;
import dev.cutover.sandbox.SandboxException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** The admin endpoint's routes; the format is documented on {@code dev.cutover.sandbox.Sandbox}. */
public final class SandboxAdmin implements AdminEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultInjector faults;
    private final RequestCounter counter;
    private final Supplier<Map<String, Object>> health;
    private final ExecuteApiAuthorization executeApi;

    public SandboxAdmin(FaultInjector faults, RequestCounter counter, Supplier<Map<String, Object>> health,
            ExecuteApiAuthorization executeApi) {
        this.faults = faults;
        this.counter = counter;
        this.health = health;
        this.executeApi = executeApi;
    }

    @Override
    public EdgeResponse handle(String method, String path, byte[] body) {
        try {
            return switch (method + " " + path) {
                case "GET health" -> ok(health.get());
                case "GET faults" -> ok(faults.describe());
                case "POST faults" -> {
                    addFaults(body);
                    yield ok(faults.describe());
                }
                case "DELETE faults" -> {
                    faults.clear();
                    yield ok(faults.describe());
                }
                case "POST expire-credentials" -> ok(Map.of("expired", faults.expireAllCredentials()));
                case "POST execute-api/authorize" -> ok(executeApi.decide(jsonObject(body, "POST /_sandbox/execute-api/authorize")));
                case "GET requests" -> ok(counter.snapshot());
                case "DELETE requests" -> {
                    counter.reset();
                    yield ok(counter.snapshot());
                }
                default -> error(404, "no admin route " + method + " /_sandbox/" + path + "; routes: GET health, GET|POST|DELETE faults, "
                        + "POST expire-credentials, GET|DELETE requests, POST execute-api/authorize");
            };
        } catch (SandboxException e) {
            return error(400, e.getMessage());
        }
    }

    private void addFaults(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new SandboxException("POST /_sandbox/faults needs a JSON body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SandboxException("POST /_sandbox/faults needs a JSON object like {\"throttle\":[{\"service\":\"dynamodb\","
                    + "\"fraction\":0.5}]}");
        }
        if (root.path("clear").asBoolean(false)) {
            faults.clear();
        }
        for (JsonNode throttle : root.path("throttle")) {
            String service = required(throttle, "service", "throttle[]");
            double fraction = throttle.path("fraction").asDouble(1.0);
            AccountFaults account = account(throttle, "throttle[]");
            if (throttle.hasNonNull("operation")) {
                String operation = throttle.get("operation").asText();
                if (account == null) {
                    faults.throttle(service, operation, fraction);
                } else {
                    account.throttle(service, operation, fraction);
                }
            } else if (account == null) {
                faults.throttle(service, fraction);
            } else {
                account.throttle(service, fraction);
            }
        }
        for (JsonNode latency : root.path("latency")) {
            String service = required(latency, "service", "latency[]");
            if (!latency.path("millis").isNumber()) {
                throw new SandboxException("latency[].millis must be a number of milliseconds");
            }
            Duration millis = Duration.ofMillis(latency.get("millis").asLong());
            AccountFaults account = account(latency, "latency[]");
            if (account == null) {
                faults.latency(service, millis);
            } else {
                account.latency(service, millis);
            }
        }
        for (JsonNode unavailable : root.path("unavailable")) {
            // "ssm" for every account, or {"service":"ssm","account":"111111111111"} for one.
            if (!unavailable.isObject()) {
                faults.unavailable(unavailable.asText());
                continue;
            }
            String service = required(unavailable, "service", "unavailable[]");
            AccountFaults account = account(unavailable, "unavailable[]");
            if (account == null) {
                faults.unavailable(service);
            } else {
                account.unavailable(service);
            }
        }
    }

    private static JsonNode jsonObject(byte[] body, String route) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new SandboxException(route + " needs a JSON body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SandboxException(route + " needs a JSON object");
        }
        return root;
    }

    /** The faults of the element's "account", or null when it has none (every account). */
    private AccountFaults account(JsonNode node, String where) {
        if (!node.hasNonNull("account")) {
            return null;
        }
        return faults.forAccount(required(node, "account", where));
    }

    private static String required(JsonNode node, String field, String where) {
        if (!node.path(field).isTextual()) {
            throw new SandboxException(where + "." + field + " must be a string");
        }
        return node.get(field).asText();
    }

    private static EdgeResponse ok(Object value) {
        return json(200, value);
    }

    private static EdgeResponse error(int status, String message) {
        return json(status, Map.of("message", message));
    }

    private static EdgeResponse json(int status, Object value) {
        try {
            return EdgeResponse.json(status, "application/json", JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin values are plain maps and lists", e);
        }
    }
}
