package dev.cutover.config;

import java.util.Optional;

/**
 * An SSM parameter path on one side (e.g. "/legacy/shop"), and the KMS key ARN its SecureStrings are
 * encrypted with (empty: the account's default SSM key, whose ARN must then be given for policies).
 */
public record ParameterTree(String path, Optional<String> kmsKeyArn) {

    /** A copy whose SecureStrings are encrypted with {@code keyArn}. */
    public ParameterTree withKmsKeyArn(String keyArn) {
        return new ParameterTree(path, Optional.of(keyArn));
    }
}
