package dev.cutover.sandbox.internal.edge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, server side: parses the Authorization header and recomputes the
 * signature from the request as received. Digest and MAC instances are per thread and signing keys
 * are cached per (secret, date, region, service), so a verification costs one body hash, one
 * canonical-request hash and two HMACs.
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** The parsed Authorization header. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature) {

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** A malformed Authorization header; the edge answers IncompleteSignature. */
    static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    });
    private static final int MAX_CACHED_KEYS = 4096;
    private static final ConcurrentHashMap<String, byte[]> SIGNING_KEYS = new ConcurrentHashMap<>();

    private SigV4() {
    }

    static Authorization parse(String header) {
        if (!header.startsWith(ALGORITHM + " ")) {
            String algorithm = header.contains(" ") ? header.substring(0, header.indexOf(' ')) : header;
            throw new MalformedException("Unsupported authorization algorithm '" + algorithm + "': the sandbox accepts " + ALGORITHM);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String trimmed = part.trim();
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = trimmed.substring(0, eq);
            String value = trimmed.substring(eq + 1);
            switch (name) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                }
            }
        }
        if (credential == null) {
            throw new MalformedException("Authorization header requires 'Credential' parameter. Authorization=" + redact(header));
        }
        if (signedHeaders == null) {
            throw new MalformedException("Authorization header requires 'SignedHeaders' parameter. Authorization=" + redact(header));
        }
        if (signature == null) {
            throw new MalformedException("Authorization header requires 'Signature' parameter. Authorization=" + redact(header));
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw new MalformedException("Credential should be scoped to a valid region and service: expected "
                    + "'AKID/yyyyMMdd/region/service/aws4_request' but was '" + credential + "'");
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], Arrays.asList(signedHeaders.split(";")), signature);
    }

    /**
     * Whether {@code auth.signature} is the signature of this request.
     *
     * @param headers request headers by lower-case name, several values joined with ","
     */
    static boolean verify(Authorization auth, String secretKey, String method, String rawPath, String rawQuery,
            Map<String, String> headers, String amzDate, String payloadHash) {
        StringBuilder tail = new StringBuilder(256);
        tail.append('\n').append(canonicalQuery(rawQuery)).append('\n');
        for (String name : auth.signedHeaders()) {
            String value = headers.get(name);
            if (value == null) {
                return false;
            }
            tail.append(name).append(':').append(canonicalHeaderValue(value)).append('\n');
        }
        tail.append('\n').append(String.join(";", auth.signedHeaders())).append('\n').append(payloadHash);
        byte[] key = signingKey(secretKey, auth);
        byte[] expected = hexToBytes(auth.signature());
        if (expected == null) {
            return false;
        }
        // Most services' signers URI-encode the (already encoded) path once more; S3-style signers do not.
        String path = rawPath.isEmpty() ? "/" : rawPath;
        String doubleEncoded = uriEncode(normalize(path), false);
        if (matches(key, expected, auth, amzDate, method, doubleEncoded, tail)) {
            return true;
        }
        return !doubleEncoded.equals(path) && matches(key, expected, auth, amzDate, method, path, tail);
    }

    private static boolean matches(byte[] key, byte[] expected, Authorization auth, String amzDate, String method, String canonicalUri,
            CharSequence tail) {
        String canonicalRequest = method + '\n' + canonicalUri + tail;
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + auth.scope() + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] actual = hmac(key, stringToSign);
        return MessageDigest.isEqual(actual, expected);
    }

    static String sha256Hex(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return hex(digest.digest(data));
    }

    private static byte[] signingKey(String secretKey, Authorization auth) {
        String cacheKey = secretKey + '\n' + auth.date() + '\n' + auth.region() + '\n' + auth.service();
        byte[] key = SIGNING_KEYS.get(cacheKey);
        if (key == null) {
            byte[] dateKey = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), auth.date());
            byte[] regionKey = hmac(dateKey, auth.region());
            byte[] serviceKey = hmac(regionKey, auth.service());
            key = hmac(serviceKey, "aws4_request");
            if (SIGNING_KEYS.size() >= MAX_CACHED_KEYS) {
                SIGNING_KEYS.clear();
            }
            SIGNING_KEYS.put(cacheKey, key);
        }
        return key;
    }

    private static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 rejected a key", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** Sorted by encoded name then value, each component decoded and re-encoded the SigV4 way. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {uriEncode(percentDecode(name), true), uriEncode(percentDecode(value), true)});
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (String[] pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** Trims and collapses runs of spaces, as SigV4 requires for header values. */
    private static String canonicalHeaderValue(String value) {
        String trimmed = value.trim();
        if (trimmed.indexOf("  ") < 0) {
            return trimmed;
        }
        return trimmed.replaceAll(" +", " ");
    }

    /** RFC 3986 encoding: everything but unreserved characters (and '/' unless {@code encodeSlash}). */
    static String uriEncode(String value, boolean encodeSlash) {
        boolean clean = true;
        for (int i = 0; i < value.length() && clean; i++) {
            clean = isUnreserved(value.charAt(i)) || value.charAt(i) == '/' && !encodeSlash;
        }
        if (clean) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isUnreserved(c) || c == '/' && !encodeSlash) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(HEX[(b >> 4) & 0xf])).append(Character.toUpperCase(HEX[b & 0xf]));
            }
        }
        return out.toString();
    }

    /** Decodes %XX escapes (a '+' stays a '+': the SDK encodes spaces as %20). */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] out = new byte[value.length()];
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()
                    && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
                out[length++] = (byte) (Character.digit(value.charAt(i + 1), 16) << 4 | Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (length + bytes.length > out.length) {
                    out = Arrays.copyOf(out, out.length * 2 + bytes.length);
                }
                System.arraycopy(bytes, 0, out, length, bytes.length);
                length += bytes.length;
            }
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    /** Removes "." and ".." segments, as the SDK does before signing. */
    private static String normalize(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        return java.net.URI.create("http://h" + path).normalize().getRawPath();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~';
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static byte[] hexToBytes(String hex) {
        if (hex.length() != 64) {
            return null;
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            int high = Character.digit(hex.charAt(2 * i), 16);
            int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    /** The Authorization header without its signature, for error messages. */
    private static String redact(String header) {
        return header.replaceAll("Signature=[0-9a-fA-F]+", "Signature=...");
    }
}
