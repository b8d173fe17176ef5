package dev.cutover.sandbox.internal.ssm;

import java.util.Map;

/**
 * PutParameter's request fields; null means "not given".
 *
 * @param tags empty when not given
 */
record PutParameterInput(
        String name,
        String value,
        ParameterType type,
        String keyId,
        boolean overwrite,
        String description,
        String allowedPattern,
        ParameterTier tier,
        String dataType,
        String policies,
        Map<String, String> tags) {

    PutParameterInput {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    @Override
    public String toString() {
        // Never print the value: it may be a SecureString.
        return "PutParameterInput[name=" + name + ", type=" + type + ", overwrite=" + overwrite + ", tier=" + tier + "]";
    }
}
