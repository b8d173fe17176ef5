package dev.cutover.sandbox.internal.iam;

import dev.cutover.sandbox.Iam;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.SandboxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The roles of every sandbox account, keyed by role ARN. Thread-safe; readers never block. */
public final class RoleRegistry implements Iam {

    /** A role with its policies parsed, and the stable unique id AWS would give it (AROA...). */
    public record Entry(IamRole role, PolicyDocument trust, Map<String, PolicyDocument> policies, String roleId) {
    }

    private final ConcurrentHashMap<String, Entry> roles = new ConcurrentHashMap<>();
    private final List<String> accountIds;
    private final String region;

    public RoleRegistry(List<String> accountIds, String region) {
        this.accountIds = List.copyOf(accountIds);
        this.region = region;
    }

    public Optional<Entry> entry(String roleArn) {
        return Optional.ofNullable(roles.get(roleArn));
    }

    @Override
    public void putRole(IamRole role) {
        Entry entry = parse(role);
        roles.put(role.arn(), entry);
    }

    @Override
    public boolean removeRole(String accountId, String roleName) {
        return roles.remove(arn(accountId, roleName)) != null;
    }

    @Override
    public void putRolePolicy(String accountId, String roleName, String policyName, String policyJson) {
        roles.compute(arn(accountId, roleName), (arn, existing) -> {
            if (existing == null) {
                throw new SandboxException("no role " + arn + ": put the role first with iam().putRole(..)");
            }
            return parse(existing.role().toBuilder().inlinePolicy(policyName, policyJson).build());
        });
    }

    @Override
    public boolean deleteRolePolicy(String accountId, String roleName, String policyName) {
        boolean[] removed = {false};
        roles.computeIfPresent(arn(accountId, roleName), (arn, existing) -> {
            if (!existing.role().inlinePolicies().containsKey(policyName)) {
                return existing;
            }
            Map<String, String> policies = new LinkedHashMap<>(existing.role().inlinePolicies());
            policies.remove(policyName);
            IamRole role = existing.role();
            removed[0] = true;
            return parse(new IamRole(role.accountId(), role.name(), role.trustPolicy(), policies, role.maxSessionDuration()));
        });
        return removed[0];
    }

    @Override
    public Optional<IamRole> role(String accountId, String roleName) {
        return Optional.ofNullable(roles.get(arn(accountId, roleName))).map(Entry::role);
    }

    @Override
    public List<IamRole> roles() {
        List<IamRole> all = new ArrayList<>();
        roles.values().forEach(entry -> all.add(entry.role()));
        all.sort(Comparator.comparing(IamRole::arn));
        return all;
    }

    @Override
    public List<IamRole> loadConfigFile(Path file) {
        List<IamRole> loaded = IamConfigFile.read(file);
        putAll(loaded);
        return loaded;
    }

    @Override
    public List<IamRole> loadCloudFormationTemplate(String accountId, Path template) {
        requireKnownAccount(accountId, "loadCloudFormationTemplate");
        List<IamRole> loaded = CloudFormationRoles.read(template, accountId, region);
        putAll(loaded);
        return loaded;
    }

    /** Validates every role before putting any, so a bad file changes nothing. */
    public void putAll(List<IamRole> toPut) {
        List<Entry> parsed = new ArrayList<>();
        for (IamRole role : toPut) {
            parsed.add(parse(role));
        }
        parsed.forEach(entry -> roles.put(entry.role().arn(), entry));
    }

    private Entry parse(IamRole role) {
        requireKnownAccount(role.accountId(), "role " + role.name());
        String where = "role " + role.arn();
        PolicyDocument trust = PolicyDocument.parse(role.trustPolicy(), PolicyDocument.Kind.TRUST, where + " trust policy");
        Map<String, PolicyDocument> policies = new LinkedHashMap<>();
        role.inlinePolicies().forEach((name, json) ->
                policies.put(name, PolicyDocument.parse(json, PolicyDocument.Kind.IDENTITY, where + " policy " + name)));
        return new Entry(role, trust, Map.copyOf(policies), roleId(role.arn()));
    }

    private void requireKnownAccount(String accountId, String where) {
        if (!accountIds.contains(accountId)) {
            throw new SandboxException(where + ": account " + accountId + " is not one of the sandbox's accounts " + accountIds
                    + "; add it with SandboxConfig.builder().extraAccount(\"" + accountId + "\")");
        }
    }

    private static String arn(String accountId, String roleName) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    /** AWS role ids look like AROA + 17 upper-case letters/digits; derived from the ARN so they are stable. */
    private static String roleId(String arn) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder id = new StringBuilder("AROA");
            for (int i = 0; i < 17; i++) {
                id.append(alphabet.charAt((hash[i] & 0xff) % alphabet.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
