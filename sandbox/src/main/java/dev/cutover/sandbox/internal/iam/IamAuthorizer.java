package dev.cutover.sandbox.internal.iam;

import dev.cutover.sandbox.internal.edge.Authorizer;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Enforces the role policies on role sessions: explicit deny wins, then allow, else implicit deny.
 * A session created with a session policy is limited to what both the role's policies and the
 * session policy allow. Root callers are never checked.
 */
public final class IamAuthorizer implements Authorizer {

    private final RoleRegistry roles;
    private final Function<String, Optional<PolicyDocument>> sessionPolicyByAccessKey;

    public IamAuthorizer(RoleRegistry roles, Function<String, Optional<PolicyDocument>> sessionPolicyByAccessKey) {
        this.roles = roles;
        this.sessionPolicyByAccessKey = sessionPolicyByAccessKey;
    }

    @Override
    public void authorize(Caller caller, Protocol protocol, String action, String resourceArn, Map<String, String> conditionContext) {
        if (caller.isRoot()) {
            return;
        }
        Function<String, Optional<String>> context = contextOf(caller, conditionContext);
        PolicyDocument.Decision identity = identityDecision(caller, action, resourceArn, context);
        if (identity != PolicyDocument.Decision.ALLOW) {
            throw accessDenied(protocol, caller, action, resourceArn, identity == PolicyDocument.Decision.EXPLICIT_DENY
                    ? "with an explicit deny in an identity-based policy"
                    : "because no identity-based policy allows the " + action + " action");
        }
        Optional<PolicyDocument> sessionPolicy = sessionPolicyByAccessKey.apply(caller.accessKeyId());
        if (sessionPolicy.isPresent()) {
            PolicyDocument.Decision session = sessionPolicy.get().evaluate(action, resourceArn, context);
            if (session != PolicyDocument.Decision.ALLOW) {
                throw accessDenied(protocol, caller, action, resourceArn, session == PolicyDocument.Decision.EXPLICIT_DENY
                        ? "with an explicit deny in a session policy"
                        : "because no session policy allows the " + action + " action");
            }
        }
    }

    /** The combined decision of every inline policy of the caller's role (implicit deny when the role is gone). */
    public PolicyDocument.Decision identityDecision(Caller caller, String action, String resourceArn,
            Function<String, Optional<String>> context) {
        Optional<RoleRegistry.Entry> role = caller.roleArn().flatMap(roles::entry);
        if (role.isEmpty()) {
            return PolicyDocument.Decision.IMPLICIT_DENY;
        }
        boolean allowed = false;
        for (PolicyDocument policy : role.get().policies().values()) {
            PolicyDocument.Decision decision = policy.evaluate(action, resourceArn, context);
            if (decision == PolicyDocument.Decision.EXPLICIT_DENY) {
                return decision;
            }
            allowed |= decision == PolicyDocument.Decision.ALLOW;
        }
        return allowed ? PolicyDocument.Decision.ALLOW : PolicyDocument.Decision.IMPLICIT_DENY;
    }

    /** Condition keys: the request's own (case-insensitive), then the global aws:Principal* keys. */
    public static Function<String, Optional<String>> contextOf(Caller caller, Map<String, String> conditionContext) {
        return key -> {
            for (Map.Entry<String, String> entry : conditionContext.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(key)) {
                    return Optional.of(entry.getValue());
                }
            }
            return switch (key.toLowerCase(Locale.ROOT)) {
                case "aws:principalarn" -> Optional.of(caller.roleArn().orElse(caller.arn()));
                case "aws:principalaccount" -> Optional.of(caller.accountId());
                case "aws:principaltype" -> Optional.of(caller.isRoot() ? "Account" : "AssumedRole");
                case "aws:securetransport" -> Optional.of("false");
                default -> Optional.empty();
            };
        };
    }

    public static AwsException accessDenied(Protocol protocol, Caller caller, String action, String resourceArn, String reason) {
        String message = "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + resourceArn
                + " " + reason;
        return switch (protocol) {
            case QUERY -> new AwsException(403, "AccessDenied", message);
            case REST_JSON -> new AwsException(403, "AccessDeniedException", message);
            default -> new AwsException(400, "AccessDeniedException", message);
        };
    }
}
