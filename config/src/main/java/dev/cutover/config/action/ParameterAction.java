package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.SideResources;
import java.util.ArrayList;
import java.util.List;

/**
 * A read of a logical SSM parameter tree whose IAM action is its own type ({@code ssm:GetParameter}), plus
 * {@code kms:Decrypt} on exactly the tree's key when it decrypts SecureStrings.
 */
public sealed interface ParameterAction extends Action permits SsmGetParameter, SsmGetParametersByPath {

    /** The logical parameter tree name. */
    String parameters();

    /** Whether SecureStrings are answered decrypted (needs kms:Decrypt, and an authorizer on the route: docs/security.md). */
    boolean decrypt();

    /** The parameter ARN the grant names within {@code tree}. */
    String resourceArn(ParameterTree tree, Arns arns);

    @Override
    default boolean isRead() {
        return true;
    }

    @Override
    default Service service() {
        return Service.SSM;
    }

    @Override
    default String logicalResource() {
        return parameters();
    }

    @Override
    default List<Permission> permissions(SideResources resources, Arns arns, String neededBy) {
        ParameterTree tree = resources.parameterTree(parameters());
        List<Permission> out = new ArrayList<>();
        out.add(Permission.of(type(), resourceArn(tree, arns), neededBy));
        if (decrypt()) {
            out.add(Permissions.decryptViaSsm(tree, arns, neededBy));
        }
        return out;
    }
}
