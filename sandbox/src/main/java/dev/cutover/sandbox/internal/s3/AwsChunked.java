package dev.cutover.sandbox.internal.s3;

import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes a request body the SDK sent in {@code aws-chunked} encoding ({@code x-amz-content-sha256:
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER} and friends, or
 * {@code Content-Encoding: aws-chunked}): {@code HEX-SIZE[;chunk-signature=SIG]\r\nDATA\r\n} repeated until a zero-size
 * chunk, then optional trailer lines (the flexible checksum, e.g. {@code x-amz-checksum-crc32:...}) and an empty line.
 * Chunk signatures and trailing checksums are not checked. Any other body is returned as it came.
 */
final class AwsChunked {

    private AwsChunked() {
    }

    static byte[] body(EdgeRequest request) {
        String sha = request.header("x-amz-content-sha256").orElse("");
        String encoding = request.header("content-encoding").orElse("").toLowerCase(Locale.ROOT);
        if (!sha.startsWith("STREAMING-") && !encoding.contains("aws-chunked")) {
            return request.body();
        }
        byte[] decoded = decode(request.body());
        String declared = request.header("x-amz-decoded-content-length").orElse(null);
        if (declared != null && !declared.trim().equals(Integer.toString(decoded.length))) {
            throw new AwsException(400, "IncompleteBody", "The aws-chunked body decodes to " + decoded.length
                    + " bytes, but x-amz-decoded-content-length says " + declared);
        }
        return decoded;
    }

    static byte[] decode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(body, at);
            if (lineEnd < 0) {
                throw malformed("a chunk header has no CRLF at byte " + at);
            }
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw malformed("chunk size '" + header + "' is not hexadecimal");
            }
            at = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            if (size < 0 || at + size > body.length) {
                throw malformed("a chunk of " + size + " bytes runs past the end of the body");
            }
            out.write(body, at, size);
            at += size;
            if (at + 2 > body.length || body[at] != '\r' || body[at + 1] != '\n') {
                throw malformed("chunk data is not followed by CRLF at byte " + at);
            }
            at += 2;
        }
    }

    private static int indexOfCrLf(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static AwsException malformed(String what) {
        return new AwsException(400, "IncompleteBody", "The aws-chunked request body is malformed: " + what);
    }
}
