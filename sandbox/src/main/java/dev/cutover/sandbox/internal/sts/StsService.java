package dev.cutover.sandbox.internal.sts;

import dev.cutover.sandbox.SandboxException;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.iam.IamAuthorizer;
import dev.cutover.sandbox.internal.iam.PolicyDocument;
import dev.cutover.sandbox.internal.iam.RoleRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS (query protocol): AssumeRole and GetCallerIdentity. AssumeRole evaluates the role's trust
 * policy (principals, sts:ExternalId and other conditions), requires sts:AssumeRole in the
 * caller's own policies unless the caller is an account root, caps role chaining at one hour, and
 * issues ASIA... credentials. {@code credentialLifetime}, when set, replaces the granted duration
 * (so tests can watch credentials expire in seconds).
 */
public final class StsService implements AwsService {

    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final int DEFAULT_DURATION = 3600;
    private static final int CHAINED_MAX_DURATION = 3600;

    private final RoleRegistry roles;
    private final IamAuthorizer authorizer;
    private final CredentialStore credentials;
    private final Clock clock;
    private final Duration credentialLifetime;

    /** @param credentialLifetime replaces every session's lifetime when not null */
    public StsService(RoleRegistry roles, IamAuthorizer authorizer, CredentialStore credentials, Clock clock, Duration credentialLifetime) {
        this.roles = roles;
        this.authorizer = authorizer;
        this.credentials = credentials;
        this.clock = clock;
        this.credentialLifetime = credentialLifetime;
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
        return Protocol.QUERY;
    }

    /** Finds Action= without decoding the whole form (the edge asks for every request, before handle parses it). */
    @Override
    public String operationName(EdgeRequest request) {
        byte[] body = request.body();
        for (int i = 0; i + 7 <= body.length; i++) {
            if ((i == 0 || body[i - 1] == '&') && body[i] == 'A' && new String(body, i, 7, StandardCharsets.US_ASCII).equals("Action=")) {
                int end = i + 7;
                while (end < body.length && body[end] != '&') {
                    end++;
                }
                return URLDecoder.decode(new String(body, i + 7, end - i - 7, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
        }
        return request.queryParam("Action").orElse("Unknown");
    }

    @Override
    public String throttlingErrorCode(String operation) {
        return "Throttling";
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        Map<String, String> parameters = parameters(request);
        String action = parameters.get("Action");
        if (action == null) {
            throw new AwsException(400, "MissingAction", "The request must contain the parameter Action");
        }
        String requestId = UUID.randomUUID().toString();
        String result = switch (action) {
            case "AssumeRole" -> assumeRole(request, parameters);
            case "GetCallerIdentity" -> getCallerIdentity(request.caller());
            default -> throw new AwsException(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        };
        String xml = "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result + "</" + action + "Result>"
                + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action + "Response>";
        return EdgeResponse.xml(xml).withHeader("x-amzn-RequestId", requestId);
    }

    private String assumeRole(EdgeRequest request, Map<String, String> parameters) {
        Caller caller = request.caller();
        String roleArn = parameters.get("RoleArn");
        String sessionName = parameters.get("RoleSessionName");
        List<String> violations = new ArrayList<>();
        if (roleArn == null) {
            violations.add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        } else if (roleArn.length() < 20) {
            violations.add("Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must have length greater than or "
                    + "equal to 20");
        }
        if (sessionName == null) {
            violations.add("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        } else if (!SESSION_NAME.matcher(sessionName).matches()) {
            violations.add("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular "
                    + "expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        int duration = DEFAULT_DURATION;
        String durationText = parameters.get("DurationSeconds");
        if (durationText != null) {
            try {
                duration = Integer.parseInt(durationText);
            } catch (NumberFormatException e) {
                throw validation("Value '" + durationText + "' at 'durationSeconds' is not a number");
            }
            if (duration < 900) {
                violations.add("Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater "
                        + "than or equal to 900");
            } else if (duration > 43200) {
                violations.add("Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: Member must have value less "
                        + "than or equal to 43200");
            }
        }
        if (!violations.isEmpty()) {
            throw validation(violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
                    + String.join("; ", violations));
        }
        Matcher arn = ROLE_ARN.matcher(roleArn);
        if (!arn.matches()) {
            throw validation("RoleArn must be an IAM role ARN like arn:aws:iam::111111111111:role/NAME but was '" + roleArn + "'");
        }
        Optional<PolicyDocument> sessionPolicy = sessionPolicy(parameters.get("Policy"));
        if (!caller.isRoot() && duration > CHAINED_MAX_DURATION) {
            throw validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        Optional<RoleRegistry.Entry> role = roles.entry(roleArn);
        if (role.isEmpty()) {
            throw notAuthorized(caller, roleArn);
        }
        if (duration > role.get().role().maxSessionDuration().toSeconds()) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Map<String, String> trustContext = new HashMap<>();
        if (parameters.containsKey("ExternalId")) {
            trustContext.put("sts:ExternalId", parameters.get("ExternalId"));
        }
        trustContext.put("sts:RoleSessionName", sessionName);
        Function<String, Optional<String>> context = IamAuthorizer.contextOf(caller, trustContext);
        if (role.get().trust().evaluateTrust("sts:AssumeRole", principalForms(caller), context) != PolicyDocument.Decision.ALLOW) {
            throw notAuthorized(caller, roleArn);
        }
        if (!caller.isRoot()) {
            authorizer.authorize(caller, Protocol.QUERY, "sts:AssumeRole", roleArn, trustContext);
        }
        Instant now = clock.instant();
        Instant expiration = now.plus(credentialLifetime != null ? credentialLifetime : Duration.ofSeconds(duration))
                .truncatedTo(ChronoUnit.MILLIS);
        String roleName = role.get().role().name();
        CredentialStore.Session session = credentials.issue(role.get().role().accountId(), roleArn, roleName, role.get().roleId(),
                sessionName, expiration, sessionPolicy);
        String packed = sessionPolicy.isEmpty() ? ""
                : "<PackedPolicySize>" + Math.max(1, parameters.get("Policy").length() * 100 / 2048) + "</PackedPolicySize>";
        return "<Credentials><AccessKeyId>" + session.accessKeyId() + "</AccessKeyId><SecretAccessKey>" + session.secretKey()
                + "</SecretAccessKey><SessionToken>" + session.sessionToken() + "</SessionToken><Expiration>" + expiration
                + "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>" + session.roleId() + ":" + sessionName
                + "</AssumedRoleId><Arn>" + session.caller().arn() + "</Arn></AssumedRoleUser>" + packed;
    }

    private String getCallerIdentity(Caller caller) {
        String userId = caller.isRoot() ? caller.accountId()
                : credentials.session(caller.accessKeyId()).map(CredentialStore.Session::roleId).orElse("AROAUNKNOWN") + ":"
                        + caller.sessionName().orElse("");
        return "<Arn>" + caller.arn() + "</Arn><UserId>" + userId + "</UserId><Account>" + caller.accountId() + "</Account>";
    }

    /** The forms in which a trust policy may name the caller. */
    private static List<String> principalForms(Caller caller) {
        List<String> forms = new ArrayList<>();
        forms.add("arn:aws:iam::" + caller.accountId() + ":root");
        if (!caller.isRoot()) {
            forms.add(caller.roleArn().orElseThrow());
            forms.add(caller.arn());
        }
        return forms;
    }

    private static Optional<PolicyDocument> sessionPolicy(String json) {
        if (json == null) {
            return Optional.empty();
        }
        if (json.length() > 2048) {
            throw new AwsException(400, "PackedPolicyTooLarge", "Packed size of the session policy exceeds the limit: " + json.length()
                    + " characters, at most 2048");
        }
        try {
            return Optional.of(PolicyDocument.parse(json, PolicyDocument.Kind.IDENTITY, "session policy"));
        } catch (SandboxException e) {
            throw new AwsException(400, "MalformedPolicyDocument", e.getMessage());
        }
    }

    private static AwsException notAuthorized(Caller caller, String roleArn) {
        return new AwsException(403, "AccessDenied", "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn);
    }

    private static AwsException validation(String message) {
        return new AwsException(400, "ValidationError", message);
    }

    /** The form body's parameters (and the query string's, for GET-style query requests). */
    private static Map<String, String> parameters(EdgeRequest request) {
        Map<String, String> parameters = new HashMap<>();
        request.query().forEach((name, values) -> parameters.put(name, values.isEmpty() ? "" : values.get(0)));
        String body = request.bodyAsString();
        if (!body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.put(name, value);
            }
        }
        return parameters;
    }
}
