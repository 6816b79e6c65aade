package dev.tokenvault.platform;


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
        if (value != null && value.indexOf('\0') >= 0) {
            throw ApiException.invalidRequest("field '" + field + "' contains a NUL character");
        }
        return value;
    }

    /** A one-line text (a name, a label): no control characters at all. */
    public static String line(String value, String field, int maxLength, boolean required) {
        String checked = required ? required(value, field, maxLength) : optional(value, field, maxLength);
        if (checked != null && checked.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidRequest("field '" + field + "' contains control characters");
        }
        return checked;
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
