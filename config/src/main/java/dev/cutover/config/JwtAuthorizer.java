package dev.cutover.config;

import java.util.List;

/**
 * The JWT authorizer of the HTTP API ({@code jwtAuthorizer} in the file), used by operations with {@code auth: jwt}:
 * API Gateway accepts a bearer token only when its {@code iss} is {@code issuer} and its {@code aud} (or
 * {@code client_id}) is one of {@code audience}.
 *
 * @param issuer the token issuer, an https URL, e.g. a Cognito user pool's
 *     {@code https://cognito-idp.REGION.amazonaws.com/POOL_ID}
 * @param audience the accepted audiences (app client ids), at least one
 */
public record JwtAuthorizer(String issuer, List<String> audience) {
    public JwtAuthorizer {
        audience = List.copyOf(audience);
    }
}
