package dev.cutover.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP route such as {@code GET /items/{id}}: a method and a path template whose segments are
 * literals or {@code {name}} variables matching exactly one non-empty segment.
 */
public record HttpRoute(String method, String pathTemplate, List<String> segments) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");

    public HttpRoute {
        segments = List.copyOf(segments);
    }

    /** Parses "GET /items/{id}"; the message of a failure says what the form must be. */
    public static HttpRoute parse(String spec) {
        String[] parts = spec == null ? new String[0] : spec.trim().split("\\s+");
        if (parts.length != 2) {
            throw new ConfigException("must be 'METHOD /path', e.g. 'GET /items/{id}', but was '" + spec + "'");
        }
        String method = parts[0].toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ConfigException("method must be one of " + METHODS + ", but was '" + parts[0] + "'");
        }
        String path = parts[1];
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
            throw new ConfigException("path must start with '/' and not end with '/', but was '" + path + "'");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.substring(1).split("/", -1)) {
            if (!VARIABLE.matcher(segment).matches() && !LITERAL.matcher(segment).matches()) {
                throw new ConfigException("path segment '" + segment + "' of '" + path
                        + "' must be a literal [A-Za-z0-9._~-]+ or a variable {name}");
            }
            segments.add(segment);
        }
        return new HttpRoute(method, path, segments);
    }

    public List<String> variables() {
        List<String> names = new ArrayList<>();
        for (String segment : segments) {
            Matcher m = VARIABLE.matcher(segment);
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Matches a request path (already split on '/', URL-decoded) and returns the path variables. */
    public Optional<Map<String, String>> match(List<String> requestSegments) {
        if (requestSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String template = segments.get(i);
            String actual = requestSegments.get(i);
            if (template.startsWith("{")) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                vars.put(template.substring(1, template.length() - 1), actual);
            } else if (!template.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(vars);
    }

    @Override
    public String toString() {
        return method + " " + pathTemplate;
    }
}
