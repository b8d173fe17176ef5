package dev.cutover.sandbox.internal.ssm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque NextTokens: the name a page ended at, bound to the request it continues (account, operation,
 * path, filters) and signed, so a token that was altered or belongs to another request is InvalidNextToken.
 * Paging by name stays correct while parameters are added or deleted between pages.
 */
final class PageTokens {

    private final SecretKeySpec key;

    PageTokens() {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        this.key = new SecretKeySpec(material, "HmacSHA256");
    }

    String issue(String scope, String lastName) {
        byte[] name = lastName.getBytes(StandardCharsets.UTF_8);
        byte[] tag = mac(scope, name);
        byte[] token = new byte[tag.length + name.length];
        System.arraycopy(tag, 0, token, 0, tag.length);
        System.arraycopy(name, 0, token, tag.length, name.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The name to continue after; throws InvalidNextToken when the token was not issued for {@code scope}. */
    String open(String scope, String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw SsmErrors.invalidNextToken();
        }
        if (raw.length <= 32) {
            throw SsmErrors.invalidNextToken();
        }
        byte[] tag = new byte[32];
        byte[] name = new byte[raw.length - 32];
        System.arraycopy(raw, 0, tag, 0, 32);
        System.arraycopy(raw, 32, name, 0, name.length);
        if (!MessageDigest.isEqual(tag, mac(scope, name))) {
            throw SsmErrors.invalidNextToken();
        }
        return new String(name, StandardCharsets.UTF_8);
    }

    private byte[] mac(String scope, byte[] name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
