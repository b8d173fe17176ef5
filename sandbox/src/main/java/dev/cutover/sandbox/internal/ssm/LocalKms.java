package dev.cutover.sandbox.internal.ssm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Just enough KMS for SecureString parameters: every account has the keys behind a fixed set of aliases
 * ({@code alias/aws/ssm} and the configured customer aliases), with ids as {@link SandboxKmsKeys} derives
 * them. Each key is a random AES-256 key held in memory; values are sealed with AES-GCM, the parameter
 * ARN as additional data (AWS's encryption context {@code PARAMETER_ARN}).
 *
 * <p>Ciphertext blob, base64: {@code 0x01 | key uuid (16 bytes) | iv (12 bytes) | GCM output}.
 */
final class LocalKms {

    /** A key a KeyId resolved to. */
    record ResolvedKey(String accountId, String region, String keyId) {
        String arn() {
            return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
        }
    }

    private static final byte FORMAT = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws:kms:([a-z0-9-]+):(\\d{12}):(key/.+|alias/.+)");
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Set<String> aliases;
    private final Map<String, SecretKeySpec> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    LocalKms(List<String> customerAliases) {
        Set<String> all = new LinkedHashSet<>();
        all.add(SandboxKmsKeys.DEFAULT_SSM_ALIAS);
        for (String alias : customerAliases) {
            if (alias == null || !alias.matches("alias/[a-zA-Z0-9/_-]+")) {
                throw new IllegalArgumentException("KMS aliases must look like alias/NAME (letters, digits, / _ -), but was '"
                        + alias + "'");
            }
            all.add(alias);
        }
        this.aliases = Set.copyOf(all);
    }

    /**
     * Resolves a PutParameter KeyId (alias name, alias ARN, key id or key ARN) for a caller in
     * {@code accountId}/{@code region}. Throws InvalidKeyId when no such key exists.
     */
    ResolvedKey resolve(String accountId, String region, String keyId) {
        String account = accountId;
        String keyRegion = region;
        String ref = keyId;
        Matcher arn = KEY_ARN.matcher(keyId);
        if (arn.matches()) {
            keyRegion = arn.group(1);
            account = arn.group(2);
            ref = arn.group(3);
        } else if (keyId.startsWith("arn:")) {
            throw SsmErrors.invalidKeyId("KeyId " + keyId + " is not a valid KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID) "
                    + "or alias ARN (arn:aws:kms:REGION:ACCOUNT:alias/NAME).");
        }
        if (ref.startsWith("alias/")) {
            if (!aliases.contains(ref)) {
                throw SsmErrors.invalidKeyId("Alias arn:aws:kms:" + keyRegion + ":" + account + ":" + ref + " is not found. "
                        + "The sandbox knows the aliases " + aliases + ".");
            }
            return new ResolvedKey(account, keyRegion, SandboxKmsKeys.keyId(account, ref));
        }
        String id = ref.startsWith("key/") ? ref.substring(4) : ref;
        if (UUID_FORMAT.matcher(id).matches()) {
            String lower = id.toLowerCase(Locale.ROOT);
            for (String alias : aliases) {
                if (SandboxKmsKeys.keyId(account, alias).equals(lower)) {
                    return new ResolvedKey(account, keyRegion, lower);
                }
            }
        }
        throw SsmErrors.invalidKeyId("Key arn:aws:kms:" + keyRegion + ":" + account + ":key/" + id + " does not exist. "
                + "Use an alias the sandbox knows (" + aliases + ") or the key id SandboxKmsKeys.keyId(account, alias) gives.");
    }

    /** Seals {@code plaintext} under {@code key}, bound to {@code parameterArn}; returns the base64 blob. */
    String encrypt(ResolvedKey key, String parameterArn, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, secret(key), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(parameterArn.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            UUID uuid = UUID.fromString(key.keyId());
            ByteBuffer out = ByteBuffer.allocate(1 + 16 + IV_BYTES + sealed.length);
            out.put(FORMAT).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).put(iv).put(sealed);
            return Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Opens a blob made by {@link #encrypt} for the same key and parameter ARN. */
    String decrypt(ResolvedKey key, String parameterArn, String blob) {
        byte[] bytes = Base64.getDecoder().decode(blob);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 1 + 16 + IV_BYTES || in.get() != FORMAT) {
            throw new IllegalStateException("stored SecureString of " + parameterArn + " is not a sandbox ciphertext blob");
        }
        UUID uuid = new UUID(in.getLong(), in.getLong());
        if (!uuid.toString().equals(key.keyId())) {
            throw new IllegalStateException("stored SecureString of " + parameterArn + " was sealed under key " + uuid
                    + ", not " + key.keyId());
        }
        byte[] iv = new byte[IV_BYTES];
        in.get(iv);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secret(key), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(parameterArn.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("SecureString of " + parameterArn + " does not open under its key and ARN", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private SecretKeySpec secret(ResolvedKey key) {
        return keys.computeIfAbsent(key.arn(), arn -> {
            byte[] material = new byte[32];
            random.nextBytes(material);
            return new SecretKeySpec(material, "AES");
        });
    }
}
