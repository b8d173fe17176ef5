package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.List;
import java.util.Optional;

/**
 * GetParametersByPath of a tree, or of {@code <tree path>/<subPath>}: a settings listing. SecureStrings are decrypted
 * only with {@code decrypt: true} (default false: a listing shows their ciphertext, never a secret by accident).
 *
 * <pre>{@code action: {type: "ssm:GetParametersByPath", parameters: settings, recursive: true, decrypt: false}}</pre>
 */
public record SsmGetParametersByPath(String parameters, Optional<Template> subPath, boolean recursive, boolean decrypt)
        implements ParameterAction {
    public static final String TYPE = "ssm:GetParametersByPath";

    static SsmGetParametersByPath parse(ActionSyntax s) {
        s.node().allowOnly("type", "parameters", "subPath", "recursive", "decrypt");
        s.parameters("parameters");
        return new SsmGetParametersByPath(s.node().string("parameters"), s.optionalTemplate("subPath"), s.node().bool("recursive", false),
                s.node().bool("decrypt", false));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String resourceArn(ParameterTree tree, Arns arns) {
        return arns.parameter(tree.path()) + (subPath.isPresent() ? "/*" : "");
    }

    @Override
    public List<Template> templates() {
        return subPath.map(List::of).orElse(List.of());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.getParametersByPath(this);
    }
}
