package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.SideResources;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.ArrayList;
import java.util.List;

/**
 * GetParameter of {@code <tree path>/<name>} where the name comes from a template; SecureStrings decrypted unless
 * {@code decrypt: false}.
 *
 * <pre>{@code action: {type: "ssm:GetParameter", parameters: settings, name: "{name}", decrypt: true}}</pre>
 */
public record SsmGetParameter(String parameters, Template name, boolean decrypt) implements Action {
    public static final String TYPE = "ssm:GetParameter";

    static SsmGetParameter parse(ActionSyntax s) {
        s.node().allowOnly("type", "parameters", "name", "decrypt");
        s.parameters("parameters");
        return new SsmGetParameter(s.node().string("parameters"), s.template("name"), s.node().bool("decrypt", true));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isRead() {
        return true;
    }

    @Override
    public Service service() {
        return Service.SSM;
    }

    @Override
    public String logicalResource() {
        return parameters;
    }

    @Override
    public List<Permission> permissions(SideResources resources, Arns arns, String neededBy) {
        ParameterTree tree = resources.parameterTree(parameters);
        List<Permission> out = new ArrayList<>();
        out.add(Permission.of("ssm:GetParameter", arns.parameter(tree.path()) + "/*", neededBy));
        if (decrypt) {
            out.add(Permissions.decryptViaSsm(tree, arns, neededBy));
        }
        return out;
    }

    @Override
    public List<Template> templates() {
        return List.of(name);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.getParameter(this);
    }
}
