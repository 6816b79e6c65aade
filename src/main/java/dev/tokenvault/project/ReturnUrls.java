package dev.tokenvault.project;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokenvault.platform.ApiException;

/**
 * Where a connect session may send the browser back: a project's {@code allowed_return_urls} are patterns with
 * {@code *} globs, and a {@code return_to} must match one of them, so a connect link never becomes an open
 * redirect.
 * <ul>
 * <li>A pattern is an absolute {@code https} URL (or {@code http} to localhost, or anywhere when insecure URLs
 * are allowed) without user info or fragment.</li>
 * <li>In the host, {@code *} may only stand for the leading labels ({@code https://*.example.com}); it never
 * matches across the end of the host, so {@code https://*.example.com} does not admit
 * {@code https://evil.test/.example.com}.</li>
 * <li>In the path and query, {@code *} matches any run of characters.</li>
 * </ul>
 */
public final class ReturnUrls {

    static final int MAX_PATTERNS = 50;
    static final int MAX_LENGTH = 2048;
    private static final Pattern SHAPE = Pattern.compile("(https?)://([^/?#]+)([^#]*)");
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
            + "|\\[[0-9a-f:.]+\\]");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private ReturnUrls() {
    }

    /** The patterns as they are stored; {@code 400} naming the field for a malformed one. */
    public static List<String> checkedPatterns(List<String> patterns, boolean allowInsecure) {
        if (patterns == null) {
            return List.of();
        }
        if (patterns.size() > MAX_PATTERNS) {
            throw ApiException.invalidRequest("field 'allowed_return_urls' may hold at most " + MAX_PATTERNS + " URLs");
        }
        for (String pattern : patterns) {
            if (parse(pattern, allowInsecure) == null) {
                throw ApiException.invalidRequest("field 'allowed_return_urls' holds a malformed URL pattern: give "
                        + "absolute https URLs, '*' allowed in the path and as the leading labels of the host");
            }
        }
        return List.copyOf(patterns);
    }

    /** Whether {@code url} matches one of the patterns. */
    public static boolean allowed(List<String> patterns, String url, boolean allowInsecure) {
        Parts candidate = candidate(url, allowInsecure);
        if (candidate == null) {
            return false;
        }
        for (String pattern : patterns) {
            Parts p = parse(pattern, allowInsecure);
            if (p != null && p.scheme.equals(candidate.scheme) && hostMatches(p, candidate)
                    && p.port.equals(candidate.port) && glob(p.rest).matcher(candidate.rest).matches()) {
                return true;
            }
        }
        return false;
    }

    private record Parts(String scheme, String host, String port, String rest) {
    }

    private static Parts parse(String pattern, boolean allowInsecure) {
        if (pattern == null || pattern.length() > MAX_LENGTH || pattern.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return null;
        }
        Matcher m = SHAPE.matcher(pattern);
        if (!m.matches()) {
            return null;
        }
        String authority = m.group(2).toLowerCase(Locale.ROOT);
        if (authority.contains("@")) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        String host = colon > 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
        String port = colon > 0 && !authority.endsWith("]") ? authority.substring(colon + 1) : "";
        if (!HOST.matcher(host).matches() || !port.matches("[0-9]{0,5}")) {
            return null;
        }
        String scheme = m.group(1);
        if (!schemeAllowed(scheme, host, allowInsecure)) {
            return null;
        }
        return new Parts(scheme, host, port, m.group(3));
    }

    private static Parts candidate(String url, boolean allowInsecure) {
        if (url == null || url.length() > MAX_LENGTH || url.contains("*") || url.contains("#")) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getRawUserInfo() != null || uri.getHost() == null) {
                return null;
            }
        } catch (URISyntaxException e) {
            return null;
        }
        Parts parts = parse(url, allowInsecure);
        return parts == null || parts.host.startsWith("*") ? null : parts;
    }

    private static boolean schemeAllowed(String scheme, String host, boolean allowInsecure) {
        return "https".equals(scheme) || allowInsecure || LOCAL_HOSTS.contains(host.replaceFirst("^\\*\\.", ""));
    }

    private static boolean hostMatches(Parts pattern, Parts candidate) {
        if (pattern.host.startsWith("*.")) {
            String suffix = pattern.host.substring(1); // ".example.com"
            return candidate.host.endsWith(suffix) && candidate.host.length() > suffix.length();
        }
        return pattern.host.equals(candidate.host);
    }

    private static Pattern glob(String rest) {
        String normalized = rest.isEmpty() ? "/" : rest;
        StringBuilder regex = new StringBuilder();
        for (String piece : normalized.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(piece));
        }
        return Pattern.compile(rest.isEmpty() ? "/?" : regex.toString());
    }
}
