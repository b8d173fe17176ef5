package dev.cutover.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's IAM roles, changeable while it runs. Changes apply to the next request: a session
 * whose role loses a policy loses the permission at once (like AWS, give or take its propagation
 * delay), and a removed role's sessions may do nothing any more.
 */
public interface Iam {

    /** Adds the role, or replaces the role with the same account and name. Policies are parsed now. */
    void putRole(IamRole role);

    /** Removes a role; returns whether it existed. */
    boolean removeRole(String accountId, String roleName);

    /** Adds or replaces one inline policy of an existing role. */
    void putRolePolicy(String accountId, String roleName, String policyName, String policyJson);

    /** Removes one inline policy; returns whether it existed. */
    boolean deleteRolePolicy(String accountId, String roleName, String policyName);

    Optional<IamRole> role(String accountId, String roleName);

    List<IamRole> roles();

    /**
     * Loads roles from a JSON file and puts them all (see {@link SandboxConfig.Builder#iamConfigFile}
     * for the format). Returns the roles loaded.
     */
    List<IamRole> loadConfigFile(Path file);

    /**
     * Loads every {@code AWS::IAM::Role} of a synthesized CloudFormation template (e.g.
     * {@code cdk.out/Stack.template.json}) into {@code accountId}, with the {@code AWS::IAM::Policy}
     * resources attached to them. Returns the roles loaded.
     */
    List<IamRole> loadCloudFormationTemplate(String accountId, Path template);
}
