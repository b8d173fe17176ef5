package dev.cutover.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with placeholders filled from the request: {@code {id}} (path variable),
 * {@code {query.name}}, {@code {header.name}}, {@code {body.field}} (top-level field of a JSON body)
 * and {@code {requestId}}. Literal text may surround them, e.g. {@code "item#{id}"}.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)}");

    /** Where a placeholder takes its value from. */
    public enum Source { PATH, QUERY, HEADER, BODY, REQUEST_ID }

    /** One placeholder: its source and name within the source. */
    public record Ref(Source source, String name) {
    }

    /** Supplies placeholder values for one request; empty when the request lacks the value. */
    public interface Values {
        Optional<String> lookup(Ref ref);
    }

    private final String text;
    private final List<Object> parts;

    private Template(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static Template parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new ConfigException("template must not be empty");
        }
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(text.substring(last, m.start()));
            }
            parts.add(toRef(m.group(1), text));
            last = m.end();
        }
        if (last < text.length()) {
            String tail = text.substring(last);
            if (tail.contains("{") || tail.contains("}")) {
                throw new ConfigException("template '" + text + "' has an unbalanced '{' or '}'");
            }
            parts.add(tail);
        }
        return new Template(text, List.copyOf(parts));
    }

    private static Ref toRef(String name, String text) {
        if (name.equals("requestId")) {
            return new Ref(Source.REQUEST_ID, name);
        }
        int dot = name.indexOf('.');
        if (dot < 0) {
            return new Ref(Source.PATH, name);
        }
        String prefix = name.substring(0, dot);
        String rest = name.substring(dot + 1);
        if (rest.isEmpty()) {
            throw new ConfigException("placeholder {" + name + "} in '" + text + "' names no field");
        }
        return switch (prefix) {
            case "query" -> new Ref(Source.QUERY, rest);
            case "header" -> new Ref(Source.HEADER, rest.toLowerCase(java.util.Locale.ROOT));
            case "body" -> new Ref(Source.BODY, rest);
            default -> throw new ConfigException("placeholder {" + name + "} in '" + text
                    + "' must be {pathVar}, {query.x}, {header.x}, {body.x} or {requestId}");
        };
    }

    public List<Ref> refs() {
        List<Ref> refs = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Ref ref) {
                refs.add(ref);
            }
        }
        return refs;
    }

    /** True when the template is one placeholder and nothing else. */
    public boolean isSinglePlaceholder() {
        return parts.size() == 1 && parts.get(0) instanceof Ref;
    }

    /** Renders the template, or empty when a placeholder has no value in this request. */
    public Optional<String> render(Values values) {
        if (parts.size() == 1 && parts.get(0) instanceof Ref ref) {
            return values.lookup(ref);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Object part : parts) {
            if (part instanceof Ref ref) {
                Optional<String> value = values.lookup(ref);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                out.append(value.get());
            } else {
                out.append((String) part);
            }
        }
        return Optional.of(out.toString());
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
