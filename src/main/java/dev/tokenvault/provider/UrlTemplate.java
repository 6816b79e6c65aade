package dev.tokenvault.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalog URL with parameters, such as {@code https://{subdomain}.zendesk.com/oauth/tokens} or
 * {@code {base_url}/realms/{realm}/protocol/openid-connect/token}. Where a parameter stands decides what value it
 * takes ({@link Slot}), and every value is checked against that before it is put in, so no value can change the
 * URL's scheme, host, path or query beyond its own place.
 */
final class UrlTemplate {

    /** {@code {name}}: lower-case letters, digits and {@code _}. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]{0,31})}");
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    static final Pattern BASE_URL = Pattern.compile(
            "(https?)://([A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?((?:/[A-Za-z0-9._~-]{1,128}){0,16})/?");

    /** The kinds of place a parameter can stand in. */
    enum Slot {
        /** The whole start of the URL, scheme and host (and maybe a path): {@code {base_url}/oauth/token}. */
        BASE_URL("an absolute https URL without query, like https://sso.example.com"),
        /** A whole host name, or its tail: {@code https://{domain}/...}, {@code https://api.{site}/...}. */
        HOST("a host name (letters, digits, '-' and '.')"),
        /** The leftmost label of a host: {@code https://{subdomain}.zendesk.com}. */
        LABEL("a single host name label (letters, digits and '-')"),
        /** One path segment: {@code .../{tenant}/oauth2/...}. */
        PATH_SEGMENT("a single path segment (letters, digits and . _ ~ -)");

        final String expected;

        Slot(String expected) {
            this.expected = expected;
        }

        /** A value that fits the slot, to check a template's shape. */
        String sample() {
            return switch (this) {
                case BASE_URL -> "https://example.com";
                case HOST -> "example.com";
                case LABEL, PATH_SEGMENT -> "example";
            };
        }
    }

    private UrlTemplate() {
    }

    /**
     * The parameters of a template, each with the slot it stands in (in order of appearance).
     *
     * @throws IllegalArgumentException saying what is wrong with the template's shape
     */
    static Map<String, Slot> slots(String template) {
        Map<String, Slot> slots = new LinkedHashMap<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int hostStart = -1;
        int hostEnd = -1;
        boolean base = template.startsWith("{");
        if (!base) {
            int scheme = template.indexOf("://");
            if (scheme < 0 || !(template.startsWith("https://") || template.startsWith("http://"))) {
                throw new IllegalArgumentException("must start with https:// or with a {parameter} for the base URL");
            }
            hostStart = scheme + 3;
            int slash = template.indexOf('/', hostStart);
            hostEnd = slash < 0 ? template.length() : slash;
        }
        int query = template.indexOf('?');
        int last = 0;
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            rest.append(template, last, m.start());
            last = m.end();
            String name = m.group(1);
            if (query >= 0 && m.start() > query) {
                throw new IllegalArgumentException("parameter {" + name + "} stands in the query");
            }
            Slot slot;
            if (m.start() == 0) {
                if (m.end() < template.length() && template.charAt(m.end()) != '/') {
                    throw new IllegalArgumentException("a base URL parameter {" + name + "} must be followed by '/'");
                }
                slot = Slot.BASE_URL;
            } else if (base && m.start() > 0 && slots.isEmpty()) {
                throw new IllegalArgumentException("must start with https:// or with a {parameter} for the base URL");
            } else if (!base && m.start() >= hostStart && m.end() <= hostEnd) {
                boolean followedByDot = m.end() < template.length() && template.charAt(m.end()) == '.';
                boolean atHostStart = m.start() == hostStart;
                if (followedByDot && !atHostStart) {
                    throw new IllegalArgumentException("parameter {" + name + "} stands inside a host name");
                }
                slot = followedByDot ? Slot.LABEL : Slot.HOST;
            } else {
                boolean afterSlash = template.charAt(m.start() - 1) == '/';
                boolean beforeEnd = m.end() == template.length() || template.charAt(m.end()) == '/'
                        || template.charAt(m.end()) == '?';
                if (!afterSlash || !beforeEnd) {
                    throw new IllegalArgumentException("parameter {" + name + "} must be a whole path segment");
                }
                slot = Slot.PATH_SEGMENT;
            }
            Slot before = slots.putIfAbsent(name, slot);
            if (before != null && before != slot) {
                throw new IllegalArgumentException("parameter {" + name + "} stands in two kinds of place");
            }
        }
        rest.append(template.substring(last));
        if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0) {
            throw new IllegalArgumentException("holds a brace that is not a {parameter}");
        }
        return slots;
    }

    /** The template with each parameter replaced by its value (values must have been checked with {@link #fits}). */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The value as it goes into the slot (a base URL loses a trailing slash), or null when it does not fit.
     * {@code callable} is the outgoing-URL rule ({@code platform.UrlPolicy}) for base URLs.
     */
    static String fits(Slot slot, String value, Predicate<String> callable) {
        if (value == null || value.isEmpty() || value.length() > 2048) {
            return null;
        }
        return switch (slot) {
            case LABEL -> LABEL.matcher(value).matches() ? value : null;
            case HOST -> host(value) ? value : null;
            case PATH_SEGMENT -> SEGMENT.matcher(value).matches() && !value.equals(".") && !value.equals("..")
                    ? value : null;
            case BASE_URL -> baseUrl(value, callable);
        };
    }

    private static boolean host(String value) {
        if (value.length() > 253) {
            return false;
        }
        for (String label : value.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String baseUrl(String value, Predicate<String> callable) {
        Matcher m = BASE_URL.matcher(value);
        if (!m.matches() || !host(m.group(2))) {
            return null;
        }
        for (String segment : m.group(4).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return callable.test(trimmed) ? trimmed : null;
    }
}
