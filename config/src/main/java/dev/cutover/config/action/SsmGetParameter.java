package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.List;

/**
 * GetParameter of {@code <tree path>/<name>} where the name comes from a template; SecureStrings decrypted unless
 * {@code decrypt: false}.
 *
 * <pre>{@code action: {type: "ssm:GetParameter", parameters: settings, name: "{name}", decrypt: true}}</pre>
 */
public record SsmGetParameter(String parameters, Template name, boolean decrypt) implements ParameterAction {
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
    public String resourceArn(ParameterTree tree, Arns arns) {
        return arns.parameter(tree.path()) + "/*";
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
