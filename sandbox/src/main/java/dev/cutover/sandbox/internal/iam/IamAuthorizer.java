package dev.cutover.sandbox.internal.iam;

import dev.cutover.sandbox.internal.edge.Authorizer;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.SandboxException;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Enforces the role policies on role sessions: explicit deny wins, then allow, else implicit deny.
 * A session created with a session policy is limited to what both the role's policies and the
 * session policy allow. Root callers are never checked against identity policies; for a resource with a
 * resource-based policy, see {@link #authorize(Caller, Protocol, String, String, String, Optional, Map)} and
 * {@link ResourcePolicyEvaluation}.
 */
public final class IamAuthorizer implements Authorizer {

    private final RoleRegistry roles;
    private final Function<String, Optional<PolicyDocument>> sessionPolicyByAccessKey;
    /** Parsed resource-based policies by their text (they are parsed on every request that reaches such a resource). */
    private final ConcurrentHashMap<String, PolicyDocument> resourcePolicies = new ConcurrentHashMap<>();

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

    @Override
    public void authorize(Caller caller, Protocol protocol, String action, String resourceArn, String resourceAccount,
            Optional<String> resourcePolicy, Map<String, String> conditionContext) {
        boolean sameAccount = resourceAccount.equals(caller.accountId());
        if (sameAccount && resourcePolicy.isEmpty()) {
            authorize(caller, protocol, action, resourceArn, conditionContext);
            return;
        }
        Function<String, Optional<String>> base = contextOf(caller, conditionContext);
        Function<String, Optional<String>> context = key -> "aws:resourceaccount".equalsIgnoreCase(key)
                ? Optional.of(resourceAccount) : base.apply(key);
        PolicyDocument.Decision resource = PolicyDocument.Decision.IMPLICIT_DENY;
        if (resourcePolicy.isPresent()) {
            PolicyDocument document = resourcePolicy(protocol, caller, action, resourceArn, resourcePolicy.get());
            resource = document.evaluateResource(action, resourceArn, principalCandidates(caller, !sameAccount),
                    principalCandidates(caller, true), context);
        }
        PolicyDocument.Decision identity = PolicyDocument.Decision.ALLOW;
        PolicyDocument.Decision session = PolicyDocument.Decision.ALLOW;
        if (!caller.isRoot()) {
            identity = identityDecision(caller, action, resourceArn, context);
            Optional<PolicyDocument> sessionPolicy = sessionPolicyByAccessKey.apply(caller.accessKeyId());
            if (sessionPolicy.isPresent()) {
                session = sessionPolicy.get().evaluate(action, resourceArn, context);
            }
        }
        Optional<String> denial = ResourcePolicyEvaluation.denialReason(action, sameAccount, identity, session, resource);
        if (denial.isPresent()) {
            throw accessDenied(protocol, caller, action, resourceArn, denial.get());
        }
    }

    /**
     * The forms of the caller a resource-based policy's Principal may name: the role and the session (for a role session),
     * the account root for a root caller, and, with {@code withAccount}, the caller's account ({@code arn:aws:iam::A:root},
     * which a bare account id in a policy stands for). An Allow naming an account is matched with the account only for a
     * caller of another account: in the resource's own account such a statement grants nothing by itself (the
     * identity-based policies decide, as in AWS). A Deny naming an account applies to everyone in it.
     */
    static List<String> principalCandidates(Caller caller, boolean withAccount) {
        List<String> candidates = new ArrayList<>(3);
        caller.roleArn().ifPresent(candidates::add);
        String accountRoot = "arn:aws:iam::" + caller.accountId() + ":root";
        if (!caller.arn().equals(accountRoot) || withAccount) {
            candidates.add(caller.arn());
        }
        if (withAccount && !candidates.contains(accountRoot)) {
            candidates.add(accountRoot);
        }
        return candidates;
    }

    private PolicyDocument resourcePolicy(Protocol protocol, Caller caller, String action, String resourceArn, String json) {
        PolicyDocument cached = resourcePolicies.get(json);
        if (cached != null) {
            return cached;
        }
        PolicyDocument document;
        try {
            document = PolicyDocument.parse(json, PolicyDocument.Kind.RESOURCE, "the resource-based policy of " + resourceArn);
        } catch (SandboxException e) {
            throw accessDenied(protocol, caller, action, resourceArn, "because the sandbox cannot evaluate the resource-based policy: "
                    + e.getMessage());
        }
        if (resourcePolicies.size() >= 1024) {
            resourcePolicies.clear();
        }
        resourcePolicies.put(json, document);
        return document;
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
            case QUERY, REST_XML -> new AwsException(403, "AccessDenied", message);
            case REST_JSON -> new AwsException(403, "AccessDeniedException", message);
            default -> new AwsException(400, "AccessDeniedException", message);
        };
    }
}
