package dev.cutover.sandbox.internal.iam;

import dev.cutover.sandbox.internal.iam.PolicyDocument.Decision;
import java.util.Optional;

/**
 * How IAM combines an identity-based, a session and a resource-based policy for one request (AWS's policy evaluation
 * logic, reduced to what the sandbox has):
 *
 * <ul>
 *   <li>an explicit Deny in any of them refuses;</li>
 *   <li>same account: the identity-based <em>or</em> the resource-based policy must allow (and a session policy, when
 *       the session has one, must allow too);</li>
 *   <li>another account: the identity-based (and session) policy <em>and</em> the resource-based policy must allow.</li>
 * </ul>
 *
 * <p>The answer is the reason for a refusal, phrased as AWS phrases it after "... on resource: ARN ", or empty when the
 * request is allowed.
 */
public final class ResourcePolicyEvaluation {

    private ResourcePolicyEvaluation() {
    }

    /**
     * @param sameAccount whether the resource belongs to the caller's account
     * @param identity the identity-based decision (ALLOW for an account root)
     * @param session the session policy's decision (ALLOW when the session has none)
     * @param resource the resource-based policy's decision (IMPLICIT_DENY when the resource has none)
     */
    public static Optional<String> denialReason(String action, boolean sameAccount, Decision identity, Decision session,
            Decision resource) {
        if (resource == Decision.EXPLICIT_DENY) {
            return Optional.of("with an explicit deny in a resource-based policy");
        }
        if (identity == Decision.EXPLICIT_DENY) {
            return Optional.of("with an explicit deny in an identity-based policy");
        }
        if (session == Decision.EXPLICIT_DENY) {
            return Optional.of("with an explicit deny in a session policy");
        }
        if (sameAccount) {
            if (identity != Decision.ALLOW && resource != Decision.ALLOW) {
                return Optional.of("because no identity-based policy allows the " + action + " action");
            }
        } else {
            if (resource != Decision.ALLOW) {
                return Optional.of("because no resource-based policy allows the " + action + " action");
            }
            if (identity != Decision.ALLOW) {
                return Optional.of("because no identity-based policy allows the " + action + " action");
            }
        }
        if (session != Decision.ALLOW) {
            return Optional.of("because no session policy allows the " + action + " action");
        }
        return Optional.empty();
    }
}
