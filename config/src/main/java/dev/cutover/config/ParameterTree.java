package dev.cutover.config;

import java.util.List;
import java.util.Optional;

/**
 * An SSM parameter path on one side (e.g. "/legacy/shop"), and the KMS key ARN its SecureStrings are
 * encrypted with (empty: the account's default SSM key, whose ARN must then be given for policies).
 *
 * @param remapKmsKeyArns other keys {@code migrate ssm --kms-key PREFIX=KEY} encrypts parts of the tree with (new side):
 *     the migration role gets {@code kms:Encrypt} via SSM on each, and on no other key
 */
public record ParameterTree(String path, Optional<String> kmsKeyArn, List<String> remapKmsKeyArns) {
    public ParameterTree {
        remapKmsKeyArns = List.copyOf(remapKmsKeyArns);
    }

    /** A tree without remapped keys. */
    public ParameterTree(String path, Optional<String> kmsKeyArn) {
        this(path, kmsKeyArn, List.of());
    }

    /** A copy whose SecureStrings are encrypted with {@code keyArn}. */
    public ParameterTree withKmsKeyArn(String keyArn) {
        return new ParameterTree(path, Optional.of(keyArn), remapKmsKeyArns);
    }
}
