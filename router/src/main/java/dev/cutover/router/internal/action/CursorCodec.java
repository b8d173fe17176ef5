package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.router.internal.http.HttpFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The opaque cursor of a Query's next page: DynamoDB's LastEvaluatedKey encrypted and authenticated with AES-GCM
 * (a 256-bit key derived with SHA-256 from the router's cursor secret), bound to the operation and partition it
 * came from. A caller can neither read the table's keys in it nor change it: a tampered, truncated or foreign
 * cursor is a 400.
 */
public final class CursorCodec {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public CursorCodec(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the cursor secret must have at least 16 bytes");
        }
        try {
            this.key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A codec with a random secret: cursors are valid only in this process. */
    public static CursorCodec ephemeral() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new CursorCodec(secret);
    }

    /** The cursor of {@code lastEvaluatedKey}, valid only for {@code scope} (operation and partition). */
    public String encode(Map<String, AttributeValue> lastEvaluatedKey, String scope) {
        ObjectNode json = JSON.createObjectNode();
        lastEvaluatedKey.forEach((name, v) -> {
            ObjectNode value = json.putObject(name);
            switch (v.type()) {
                case N -> value.put("N", v.n());
                case B -> value.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
                default -> value.put("S", v.s());
            }
        });
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(scope.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(json));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot seal a cursor", e);
        }
    }

    /** The ExclusiveStartKey in {@code cursor}; 400 when it is not a cursor this router issued for {@code scope}. */
    public Map<String, AttributeValue> decode(String cursor, String scope) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor);
            if (raw.length <= NONCE_BYTES) {
                throw invalid();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(scope.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            JsonNode json = JSON.readTree(plain);
            json.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                out.put(e.getKey(), v.has("N") ? AttributeValue.fromN(v.get("N").asText())
                        : v.has("B") ? AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.get("B").asText())))
                        : AttributeValue.fromS(v.path("S").asText()));
            });
            return out;
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            throw invalid();
        }
    }

    private static HttpFailure invalid() {
        return HttpFailure.badRequest("the cursor is not one this API issued for this request (changed, truncated or from another"
                + " listing); repeat the request without a cursor to start from the first page");
    }
}
