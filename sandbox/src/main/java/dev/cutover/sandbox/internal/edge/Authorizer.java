package dev.cutover.sandbox.internal.edge;

import java.util.Map;
import java.util.Optional;

/** IAM: decides whether a caller may perform an action on a resource. Root callers are always allowed. */
public interface Authorizer {

    /**
     * Throws {@link AwsException} with the protocol's access-denied code when {@code caller} may not
     * perform {@code action} (e.g. "dynamodb:GetItem") on {@code resourceArn}.
     *
     * @param conditionContext condition keys known for this request (e.g. "kms:ViaService"),
     *     evaluated by StringEquals/StringLike conditions
     */
    void authorize(Caller caller, Protocol protocol, String action, String resourceArn, Map<String, String> conditionContext);

    /**
     * Same as {@link #authorize(Caller, Protocol, String, String, Map)} for a resource that may carry a resource-based policy:
     * in the caller's account the identity-based or the resource-based policy must allow; in another account both must
     * (a root caller passes the identity side); an explicit Deny in either refuses, root callers included.
     *
     * @param resourceAccount the account that owns the resource
     * @param resourcePolicy the resource's policy document (JSON), empty when it has none
     */
    default void authorize(Caller caller, Protocol protocol, String action, String resourceArn, String resourceAccount,
            Optional<String> resourcePolicy, Map<String, String> conditionContext) {
        if (resourceAccount.equals(caller.accountId()) && resourcePolicy.isEmpty()) {
            authorize(caller, protocol, action, resourceArn, conditionContext);
            return;
        }
        throw new AwsException(403, "AccessDeniedException", "User: " + caller.arn() + " is not authorized to perform: " + action
                + " on resource: " + resourceArn + " because this authorizer does not evaluate resource-based policies");
    }
}
