package dev.cutover.sandbox.internal.appconfig;

import java.util.Objects;

/**
 * One reason a configuration document was refused, shaped like AppConfig's
 * {@code InvalidConfigurationDetail} (BadRequestException {@code Details.InvalidConfiguration[]}).
 *
 * @param location where in the document, e.g. {@code values.checkout.percent}
 * @param constraint the rule that failed, e.g. {@code maximum}, {@code enum}, {@code pattern}
 * @param reason a sentence naming the flag/attribute, the rule and how to fix it
 * @param value the offending value as text, or empty
 */
public record ConfigurationProblem(String location, String constraint, String reason, String value) {

    public ConfigurationProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(reason, "reason");
        value = value == null ? "" : value;
    }
}
