package dev.tokenvault.exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokenvault.platform.ApiException;

/**
 * The claims a binding requires of a subject token. A key is either a top-level claim name
 * ({@code "repository"}) or, starting with {@code /}, a JSON pointer (RFC 6901) into nested claims
 * ({@code "/kubernetes.io/serviceaccount/name"}; {@code ~1} stands for a {@code /} and {@code ~0} for a
 * {@code ~} inside a name). A value is a pattern, or a list of patterns of which any may match. In a pattern
 * {@code *} matches any run of characters, {@code /} included; everything else matches itself, case
 * sensitively. A string claim must match the pattern; a number or boolean matches in its JSON text; an array
 * claim matches when any element does; a missing claim or an object never matches.
 */
public final class BoundClaims {

    static final int MAX_CLAIMS = 32;
    static final int MAX_KEY = 256;
    static final int MAX_PATTERN = 512;
    static final int MAX_ALTERNATIVES = 32;
    static final String FIELD = "bound_claims";

    private BoundClaims() {
    }

    /**
     * Checks a binding's {@code bound_claims}: at least one claim, and at least one pattern that is not just
     * {@code *} — a binding must narrow the issuer's tokens down, or every repository on GitHub would match.
     */
    public static Map<String, Object> checked(Map<String, Object> claims) {
        if (claims == null || claims.isEmpty()) {
            throw ApiException.invalidRequest("field '" + FIELD + "' must require at least one claim");
        }
        if (claims.size() > MAX_CLAIMS) {
            throw ApiException.invalidRequest("field '" + FIELD + "' may require at most " + MAX_CLAIMS + " claims");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        boolean narrows = false;
        for (Map.Entry<String, Object> entry : claims.entrySet()) {
            String key = entry.getKey();
            if (key == null || key.isBlank() || key.length() > MAX_KEY || "/".equals(key)) {
                throw ApiException.invalidRequest("field '" + FIELD + "' holds an empty or too long claim name");
            }
            List<String> patterns = patterns(entry.getValue());
            narrows |= patterns.stream().noneMatch(p -> p.chars().allMatch(c -> c == '*'));
            checked.put(key, entry.getValue() instanceof List ? patterns : patterns.get(0));
        }
        if (!narrows) {
            throw ApiException.invalidRequest("field '" + FIELD + "' must hold at least one pattern other than '*'");
        }
        return checked;
    }

    private static List<String> patterns(Object value) {
        List<String> patterns = new ArrayList<>();
        if (value instanceof String s) {
            patterns.add(s);
        } else if (value instanceof List<?> list && !list.isEmpty() && list.size() <= MAX_ALTERNATIVES) {
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw ApiException.invalidRequest("field '" + FIELD + "' values must be strings or lists of strings");
                }
                patterns.add(s);
            }
        } else {
            throw ApiException.invalidRequest("field '" + FIELD + "' values must be strings or lists of 1 to "
                    + MAX_ALTERNATIVES + " strings");
        }
        for (String p : patterns) {
            if (p.isEmpty() || p.length() > MAX_PATTERN) {
                throw ApiException.invalidRequest("field '" + FIELD + "' holds an empty or too long pattern");
            }
        }
        return patterns;
    }

    /** Whether every bound claim matches the token's claims. */
    public static boolean match(Map<String, Object> bound, Map<String, Object> tokenClaims) {
        for (Map.Entry<String, Object> entry : bound.entrySet()) {
            Object claim = lookup(tokenClaims, entry.getKey());
            List<String> patterns = entry.getValue() instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(entry.getValue()));
            if (!claimMatches(claim, patterns)) {
                return false;
            }
        }
        return true;
    }

    static Object lookup(Map<String, Object> claims, String key) {
        if (!key.startsWith("/")) {
            return claims.get(key);
        }
        Object node = claims;
        for (String raw : key.substring(1).split("/", -1)) {
            String name = raw.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> map) {
                node = map.get(name);
            } else if (node instanceof List<?> list && name.matches("0|[1-9][0-9]{0,5}")) {
                int index = Integer.parseInt(name);
                node = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    private static boolean claimMatches(Object claim, List<String> patterns) {
        if (claim instanceof List<?> values) {
            return values.stream().anyMatch(v -> scalarMatches(v, patterns));
        }
        return scalarMatches(claim, patterns);
    }

    private static boolean scalarMatches(Object value, List<String> patterns) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            return false;
        }
        String text = value.toString();
        return patterns.stream().anyMatch(p -> glob(p, text));
    }

    /** {@code *} matches any run of characters; linear-time backtracking on the last star, no regex. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
