package dev.cutover.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IAM role of one sandbox account: who may assume it (the trust policy) and what its sessions
 * may do (inline policies). Policies are IAM JSON documents as AWS accepts them; the sandbox parses
 * them when the role is registered and reports the first problem with its JSON path.
 *
 * @param accountId the 12-digit account that owns the role
 * @param name the role name, e.g. "cutover-router"
 * @param trustPolicy the AssumeRolePolicyDocument (JSON)
 * @param inlinePolicies policy name to identity policy document (JSON), in insertion order
 * @param maxSessionDuration the longest session AssumeRole grants, 1 to 12 hours (AWS's range)
 */
public record IamRole(
        String accountId,
        String name,
        String trustPolicy,
        Map<String, String> inlinePolicies,
        Duration maxSessionDuration) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public IamRole {
        requireAccount("accountId", accountId);
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw new SandboxException("role name must be 1-64 characters of letters, digits and +=,.@_- but was '" + name + "'");
        }
        if (trustPolicy == null || trustPolicy.isBlank()) {
            throw new SandboxException("role " + name + " needs a trust policy: set trustPolicy(json) or trustAccount(accountId)");
        }
        inlinePolicies = Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies == null ? Map.of() : inlinePolicies));
        maxSessionDuration = maxSessionDuration == null ? Duration.ofHours(1) : maxSessionDuration;
        if (maxSessionDuration.compareTo(Duration.ofHours(1)) < 0 || maxSessionDuration.compareTo(Duration.ofHours(12)) > 0) {
            throw new SandboxException("role " + name + ": maxSessionDuration must be between 1 and 12 hours but was "
                    + maxSessionDuration);
        }
    }

    /** {@code arn:aws:iam::ACCOUNT:role/NAME}. */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":role/" + name;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder().accountId(accountId).name(name).trustPolicy(trustPolicy).maxSessionDuration(maxSessionDuration);
        inlinePolicies.forEach(builder::inlinePolicy);
        return builder;
    }

    static void requireAccount(String field, String accountId) {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new SandboxException(field + " must be a 12-digit AWS account id but was '" + accountId + "'");
        }
    }

    /** Builds an {@link IamRole}; {@link #trustAccount} writes the common trust policy for you. */
    public static final class Builder {
        private String accountId;
        private String name;
        private String trustPolicy;
        private final List<ObjectNode> trustStatements = new ArrayList<>();
        private final Map<String, String> inlinePolicies = new LinkedHashMap<>();
        private Duration maxSessionDuration;

        private Builder() {
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The whole trust policy document (JSON). Do not combine with {@link #trustAccount}. */
        public Builder trustPolicy(String trustPolicyJson) {
            this.trustPolicy = trustPolicyJson;
            return this;
        }

        /** Lets any principal of {@code trustedAccountId} (root and its role sessions) assume the role. */
        public Builder trustAccount(String trustedAccountId) {
            return trustAccount(trustedAccountId, null);
        }

        /** Like {@link #trustAccount(String)}, requiring {@code sts:ExternalId} to equal {@code externalId}. */
        public Builder trustAccount(String trustedAccountId, String externalId) {
            requireAccount("trustAccount", trustedAccountId);
            ObjectNode statement = JSON.createObjectNode();
            statement.put("Effect", "Allow");
            statement.putObject("Principal").put("AWS", "arn:aws:iam::" + trustedAccountId + ":root");
            statement.put("Action", "sts:AssumeRole");
            if (externalId != null) {
                statement.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", externalId);
            }
            trustStatements.add(statement);
            return this;
        }

        /** Adds (or replaces) an inline identity policy. */
        public Builder inlinePolicy(String policyName, String policyJson) {
            Objects.requireNonNull(policyName, "policyName");
            inlinePolicies.put(policyName, policyJson);
            return this;
        }

        public Builder maxSessionDuration(Duration maxSessionDuration) {
            this.maxSessionDuration = maxSessionDuration;
            return this;
        }

        public IamRole build() {
            String trust = trustPolicy;
            if (!trustStatements.isEmpty()) {
                if (trust != null) {
                    throw new SandboxException("role " + name + ": set either trustPolicy(json) or trustAccount(..), not both");
                }
                ObjectNode doc = JSON.createObjectNode();
                doc.put("Version", "2012-10-17");
                ArrayNode statements = doc.putArray("Statement");
                trustStatements.forEach(statements::add);
                trust = doc.toString();
            }
            return new IamRole(accountId, name, trust, inlinePolicies, maxSessionDuration);
        }
    }
}
