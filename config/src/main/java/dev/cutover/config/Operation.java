package dev.cutover.config;

import dev.cutover.config.action.Action;

/**
 * One public API operation: its name (also its flag key), HTTP route, action, the routing key
 * whose stable hash puts a request in a canary bucket (so a key stays on its side), and who may call
 * the route ({@code auth}, enforced by the HTTP API's authorizer).
 */
public record Operation(String name, HttpRoute route, Action action, Template routingKey, RouteAuth auth) {

    public boolean isRead() {
        return action.isRead();
    }
}
