package dev.cutover.router;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as the router sees it, whether it came from API Gateway (payload format 2.0) or
 * from the local adapter.
 *
 * @param method upper-case HTTP method
 * @param rawPath the path as sent, still percent-encoded (API Gateway's {@code rawPath})
 * @param query decoded query parameters (the last value wins when a name repeats)
 * @param headers headers; names are matched case-insensitively
 * @param body the body decoded to text, or null when there is none
 * @param bodyBytes the size of the body on the wire, for the {@code maxBodyBytes} limit
 * @param requestId the id that ties the response, the log line and the idempotency key together
 * @param bodyProblem why the body bytes are not valid UTF-8 (the request is then answered 400), or null
 */
public record RouterRequest(String method, String rawPath, Map<String, String> query, Map<String, String> headers, String body,
        int bodyBytes, String requestId, String bodyProblem) {

    public RouterRequest {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        rawPath = Objects.requireNonNull(rawPath, "rawPath");
        query = query == null ? Map.of() : Map.copyOf(query);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        headers = java.util.Collections.unmodifiableMap(h);
        requestId = Objects.requireNonNull(requestId, "requestId");
    }

    /** A request whose body is already text (checked for unpaired surrogates, which no UTF-8 encoding has). */
    public RouterRequest(String method, String rawPath, Map<String, String> query, Map<String, String> headers, String body,
            int bodyBytes, String requestId) {
        this(method, rawPath, query, headers, body, bodyBytes, requestId, body == null ? null : surrogateProblem(body));
    }

    /**
     * A request whose body arrived as bytes: decoded strictly as UTF-8. Bytes that are not UTF-8 (a stray 0xFF, a
     * truncated sequence, an encoded surrogate, an overlong form) are never replaced by U+FFFD: the request keeps a
     * {@link #bodyProblem} naming the first bad byte and its offset, and the router answers 400.
     */
    public static RouterRequest withBodyBytes(String method, String rawPath, Map<String, String> query, Map<String, String> headers,
            byte[] body, String requestId) {
        if (body == null || body.length == 0) {
            return new RouterRequest(method, rawPath, query, headers, null, 0, requestId, null);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            String problem = "request body is not valid UTF-8: byte 0x" + String.format("%02X", body[at] & 0xff) + " at offset " + at
                    + " does not start or continue a UTF-8 character; send the body encoded as UTF-8";
            return new RouterRequest(method, rawPath, query, headers, null, body.length, requestId, problem);
        }
        out.flip();
        return new RouterRequest(method, rawPath, query, headers, out.toString(), body.length, requestId, null);
    }

    private static String surrogateProblem(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < body.length() && Character.isLowSurrogate(body.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "request body is not valid UTF-8: it holds an unpaired surrogate (U+" + String.format("%04X", (int) c)
                        + ") at character " + i + "; send the body encoded as UTF-8";
            }
        }
        return null;
    }

    /** A request without body, e.g. for tests and the library API. */
    public static RouterRequest of(String method, String rawPath, String requestId) {
        return new RouterRequest(method, rawPath, Map.of(), Map.of(), null, 0, requestId);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
