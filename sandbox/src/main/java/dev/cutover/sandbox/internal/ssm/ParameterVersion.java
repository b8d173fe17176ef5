package dev.cutover.sandbox.internal.ssm;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a parameter.
 *
 * @param storedValue the plaintext for String and StringList; for SecureString the base64 ciphertext blob, never the plaintext
 * @param keyId for SecureString, the KeyId as the caller named it (default "alias/aws/ssm"); null otherwise
 * @param key for SecureString, the key the value is sealed under; null otherwise
 * @param tier STANDARD or ADVANCED, never INTELLIGENT_TIERING
 */
record ParameterVersion(
        String name,
        ParameterType type,
        String storedValue,
        String keyId,
        LocalKms.ResolvedKey key,
        long version,
        Instant lastModified,
        String lastModifiedUser,
        String description,
        String allowedPattern,
        ParameterTier tier,
        String dataType) {

    ParameterVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(storedValue, "storedValue");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(dataType, "dataType");
        if (tier == ParameterTier.INTELLIGENT_TIERING) {
            throw new IllegalArgumentException("a stored parameter is Standard or Advanced, never Intelligent-Tiering");
        }
        if ((type == ParameterType.SECURE_STRING) != (key != null)) {
            throw new IllegalArgumentException("a key is required for SecureString and only for it (parameter " + name + ")");
        }
    }

    boolean isSecure() {
        return type == ParameterType.SECURE_STRING;
    }
}
