package dev.tokenvault.platform;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks on request fields that end in a clear {@code 400 invalid_request} naming the field. */
public final class Validation {

    private Validation() {
    }

    public static String required(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidRequest("field '" + field + "' is required");
        }
        return optional(value, field, maxLength);
    }

    public static String optional(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw ApiException.invalidRequest("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return value;
    }

    public static String httpUrl(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ApiException.invalidRequest("field '" + field + "' is required");
            }
            return null;
        }
        optional(value, field, 2048);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                throw ApiException.invalidRequest("field '" + field + "' must be an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw ApiException.invalidRequest("field '" + field + "' must be an http(s) URL");
        }
        return value;
    }

    /** OAuth scopes: non-empty, no whitespace or control characters, at most 256 characters each. */
    public static String scopes(java.util.List<String> scopes) {
        if (scopes == null) {
            return "";
        }
        for (String scope : scopes) {
            if (scope == null || scope.isBlank() || scope.length() > 256 || scope.chars().anyMatch(c -> c <= ' ')) {
                throw ApiException.invalidRequest("field 'scopes' holds an empty or malformed scope");
            }
        }
        return String.join(" ", scopes);
    }
}
