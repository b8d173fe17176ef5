package dev.cutover.config;

import dev.cutover.config.action.Action;
import java.util.List;
import java.util.Optional;

/**
 * One public API operation: its name (also its flag key), HTTP route, action, the routing key
 * whose stable hash puts a request in a canary bucket (so a key stays on its side), and who may call
 * the route ({@code auth}, enforced by the HTTP API's authorizer). Optional: {@code response}, how a
 * success is answered (default: the router's shape), and {@code shadowIgnore}, the fields a shadow
 * read does not compare (a name ignores that field at any depth, a dotted path such as
 * {@code item.updatedAt} only there; default {@link #DEFAULT_SHADOW_IGNORE}).
 */
public record Operation(String name, HttpRoute route, Action action, Template routingKey, RouteAuth auth,
        Optional<ResponseMapping> response, List<String> shadowIgnore) {
    /** Parameter versions differ between accounts by nature. */
    public static final List<String> DEFAULT_SHADOW_IGNORE = List.of("version");

    public Operation {
        auth = auth == null ? RouteAuth.NONE : auth;
        response = response == null ? Optional.empty() : response;
        shadowIgnore = shadowIgnore == null ? DEFAULT_SHADOW_IGNORE : List.copyOf(shadowIgnore);
    }

    /** An open operation with the default response shape and shadow comparison. */
    public Operation(String name, HttpRoute route, Action action, Template routingKey) {
        this(name, route, action, routingKey, RouteAuth.NONE, Optional.empty(), DEFAULT_SHADOW_IGNORE);
    }

    public boolean isRead() {
        return action.isRead();
    }
}
