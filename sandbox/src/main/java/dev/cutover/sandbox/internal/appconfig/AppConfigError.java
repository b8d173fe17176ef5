package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.sandbox.internal.edge.AwsException;
import java.util.List;

/**
 * An AppConfig / AppConfigData error. Most render through the edge ({@link AwsException}); the ones
 * with modelled members ({@code Reason}, {@code Details}, {@code ResourceType}) carry them in
 * {@link #members()} and the stand-ins render them themselves so the SDK fills those fields.
 */
final class AppConfigError extends AwsException {
    private static final long serialVersionUID = 1L;

    private final transient ObjectNode members;

    private AppConfigError(int status, String code, String message, ObjectNode members) {
        super(status, code, message);
        this.members = members;
    }

    /** Extra JSON members next to "Message"; empty for plain errors. */
    ObjectNode members() {
        return members.deepCopy();
    }

    boolean hasMembers() {
        return !members.isEmpty();
    }

    static AppConfigError badRequest(String message) {
        return new AppConfigError(400, "BadRequestException", message, JsonNodeFactory.instance.objectNode());
    }

    static AppConfigError notFound(String message) {
        return new AppConfigError(404, "ResourceNotFoundException", message, JsonNodeFactory.instance.objectNode());
    }

    static AppConfigError conflict(String message) {
        return new AppConfigError(409, "ConflictException", message, JsonNodeFactory.instance.objectNode());
    }

    static AppConfigError payloadTooLarge(String message, long size, long limit) {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        members.put("Measure", "BYTES").put("Limit", (float) limit).put("Size", (float) size);
        return new AppConfigError(413, "PayloadTooLargeException", message, members);
    }

    /** Control plane: a configuration that failed validation, with {@code Reason} and {@code Details.InvalidConfiguration}. */
    static AppConfigError invalidConfiguration(List<ConfigurationProblem> problems) {
        StringBuilder message = new StringBuilder("Invalid feature flags configuration data (")
                .append(problems.size()).append(problems.size() == 1 ? " problem): " : " problems): ");
        for (int i = 0; i < problems.size(); i++) {
            ConfigurationProblem problem = problems.get(i);
            message.append(i == 0 ? "" : "; ").append(problem.location()).append(": ").append(problem.reason());
        }
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        members.put("Reason", "InvalidConfiguration");
        var details = members.putObject("Details").putArray("InvalidConfiguration");
        for (ConfigurationProblem problem : problems) {
            details.addObject()
                    .put("Constraint", problem.constraint())
                    .put("Location", problem.location())
                    .put("Reason", problem.reason())
                    .put("Type", "FeatureFlagsValidation")
                    .put("Value", problem.value());
        }
        return new AppConfigError(400, "BadRequestException", message.toString(), members);
    }

    /** Data plane: a bad configuration token, with {@code Reason} and {@code Details.InvalidParameters}. */
    static AppConfigError invalidToken(String problem, String message) {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        members.put("Reason", "InvalidParameters");
        members.putObject("Details").putObject("InvalidParameters").putObject("configuration_token").put("Problem", problem);
        return new AppConfigError(400, "BadRequestException", message, members);
    }

    /** Data plane: a missing resource, with {@code ResourceType}. */
    static AppConfigError dataNotFound(String resourceType, String message) {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        members.put("ResourceType", resourceType);
        return new AppConfigError(404, "ResourceNotFoundException", message, members);
    }
}
