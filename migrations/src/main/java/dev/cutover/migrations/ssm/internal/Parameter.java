package dev.cutover.migrations.ssm.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One parameter as read from (or to be written to) Parameter Store, with its decrypted value.
 * {@link #toString()} never shows the value: only its SHA-256, and not even that for SecureStrings.
 *
 * @param keyId the KMS key of a SecureString as SSM reports it (alias, id or ARN); null otherwise
 */
public record Parameter(String name, String type, String value, String description, String tier, String allowedPattern, String dataType,
        String keyId, Map<String, String> tags) {

    public static final int STANDARD_MAX_BYTES = 4096;

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        tags = Map.copyOf(new TreeMap<>(tags == null ? Map.of() : tags));
        dataType = dataType == null ? "text" : dataType;
        tier = tier == null ? "Standard" : tier;
    }

    public boolean isSecure() {
        return "SecureString".equals(type);
    }

    /** SHA-256 of the value: how plans compare values without holding on to or showing them. */
    public String valueHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int valueBytes() {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "Parameter[name=" + name + ", type=" + type + ", tier=" + tier + ", dataType=" + dataType
                + (isSecure() ? ", value=<secure>" : ", valueSha256=" + valueHash().substring(0, 12)) + ", tags=" + tags.keySet() + "]";
    }
}
