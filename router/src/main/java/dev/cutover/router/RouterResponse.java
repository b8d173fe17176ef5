package dev.cutover.router;

import java.util.Map;

/**
 * What the router answers: status, headers and a JSON body. The shape is the same whichever side
 * served the request.
 */
public record RouterResponse(int status, Map<String, String> headers, String body) {
    public RouterResponse {
        headers = Map.copyOf(headers);
    }

    public static RouterResponse json(int status, String body) {
        return new RouterResponse(status, Map.of("content-type", "application/json"), body);
    }
}
