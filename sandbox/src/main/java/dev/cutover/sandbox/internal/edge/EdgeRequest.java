package dev.cutover.sandbox.internal.edge;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request that passed signature verification at the edge, as a stand-in sees it.
 *
 * @param method HTTP method
 * @param path the raw (still URL-encoded) path, e.g. "/" or "/applications/abc/environments"
 * @param query decoded query parameters
 * @param headers headers, keys lower-cased
 * @param body the raw body
 * @param caller who signed it
 * @param region the region from the SigV4 credential scope
 * @param signingName the service name from the SigV4 credential scope
 * @param protocol the protocol the edge will render errors in
 * @param authorizer IAM enforcement for this request's caller
 */
public record EdgeRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, String> headers,
        byte[] body,
        Caller caller,
        String region,
        String signingName,
        Protocol protocol,
        Authorizer authorizer) {

    public EdgeRequest {
        TreeMap<String, String> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        headers = lower;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** For JSON protocols: the operation from {@code X-Amz-Target: Prefix.Operation}. */
    public Optional<String> targetOperation() {
        return header("x-amz-target").map(t -> t.substring(t.indexOf('.') + 1));
    }

    /** Throws the protocol's access-denied error unless the caller may do {@code action} on {@code resourceArn}. */
    public void authorize(String action, String resourceArn) {
        authorizer.authorize(caller, protocol, action, resourceArn, Map.of());
    }

    /** Same as {@link #authorize(String, String)} with condition keys, e.g. "kms:ViaService". */
    public void authorize(String action, String resourceArn, Map<String, String> conditionContext) {
        authorizer.authorize(caller, protocol, action, resourceArn, conditionContext);
    }

    /**
     * Throws the protocol's access-denied error unless the caller may do {@code action} on {@code resourceArn}, owned by
     * {@code resourceAccount} and governed by {@code resourcePolicy} (JSON, empty when it has none).
     */
    public void authorize(String action, String resourceArn, String resourceAccount, Optional<String> resourcePolicy) {
        authorizer.authorize(caller, protocol, action, resourceArn, resourceAccount, resourcePolicy, Map.of());
    }

    public String accountId() {
        return caller.accountId();
    }
}
