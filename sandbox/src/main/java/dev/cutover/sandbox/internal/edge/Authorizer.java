package dev.cutover.sandbox.internal.edge;

import java.util.Map;

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
}
