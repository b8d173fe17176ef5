package dev.cutover.config;

import java.util.Locale;

/**
 * Who may call an operation's HTTP route, enforced by API Gateway before the router runs ({@code auth} of an operation):
 * anyone ({@code none}, the default), callers signing with SigV4 whose IAM identity allows {@code execute-api:Invoke}
 * ({@code iam}), or callers with a JWT from {@code jwtAuthorizer.issuer} for one of its audiences ({@code jwt}).
 */
public enum RouteAuth {
    NONE,
    IAM,
    JWT;

    /** Lower-case name as written in the file: "none", "iam" or "jwt". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this == NONE;
    }
}
