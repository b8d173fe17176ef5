package dev.cutover.router.internal.http;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the operation of a request from its method and raw path: 404 when no route has the path,
 * 405 (with Allow) when routes have the path but not the method, 400 when the path itself is unsafe
 * (bad percent-encoding, an encoded '/' or '\', '.' or '..' segments, control characters).
 */
public final class RouteTable {
    private final List<Operation> operations;

    public RouteTable(CutoverConfig config) {
        this.operations = List.copyOf(config.operations());
    }

    /** The operation named {@code name}. */
    public Operation operation(String name) {
        return operations.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    /** The matched operation and its path variables. */
    public record Match(Operation operation, Map<String, String> pathVariables) {
    }

    public Match match(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Operation op : operations) {
            Optional<Map<String, String>> vars = op.route().match(segments);
            if (vars.isPresent()) {
                if (op.route().method().equals(method)) {
                    return new Match(op, vars.get());
                }
                allowed.add(op.route().method());
            }
        }
        if (!allowed.isEmpty()) {
            String allow = String.join(", ", allowed);
            throw new HttpFailure(405, "method_not_allowed", "method " + method + " is not allowed on this path; use " + allow,
                    Map.of("allow", allow), null);
        }
        throw new HttpFailure(404, "unknown_route", "no route for " + method + " " + printable(rawPath));
    }

    /** Splits and percent-decodes a raw path; every segment must be safe to use as a value. */
    static List<String> segments(String rawPath) {
        if (!rawPath.startsWith("/")) {
            throw HttpFailure.badRequest("path must start with '/'");
        }
        List<String> out = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            String raw = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
            out.add(checkedSegment(decode(raw)));
            if (slash < 0) {
                return out;
            }
            start = slash + 1;
        }
    }

    private static String checkedSegment(String segment) {
        if (segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
            throw HttpFailure.badRequest("path segment '" + printable(segment) + "' is not allowed: no '.', '..', '/' or '\\'"
                    + " inside a segment (path traversal)");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw HttpFailure.badRequest("path segment '" + printable(segment) + "' contains a control character");
            }
        }
        return segment;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw HttpFailure.badRequest("path has an invalid percent-encoding near '" + printable(raw) + "'");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HttpFailure.badRequest("path is not valid UTF-8 after percent-decoding");
        }
    }

    /** Caller input echoed in a message: cut short and without control characters. */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 80 ? out + "..." : out.toString();
    }
}
