package dev.tokenvault.provider;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a provider does unlike RFC 6749, as catalog entries name it. Each is handled where it matters: the token
 * client reads answers in any of these shapes, {@code NewTokens} applies the lifetimes, the connect flow the
 * scope separator.
 */
public enum Quirk {
    /** Refresh tokens come only when the authorize request asks for offline access (the entry's scopes or parameters do). */
    REQUIRES_OFFLINE_ACCESS_PARAM,
    /** Token answers carry no {@code expires_in}: the entry's known lifetime applies, else the token does not expire. */
    NO_EXPIRES_IN,
    /** A refresh answers no refresh token: the stored one stays in use. */
    NO_REFRESH_TOKEN_ON_REFRESH,
    /** Scopes are joined with commas in the authorize request. */
    SCOPE_COMMA_SEPARATED,
    /** Errors come back with HTTP 200 and an {@code error} field (or {@code "ok": false}). */
    ERRORS_IN_HTTP_200,
    /** Token answers may be form-encoded instead of JSON. */
    FORM_ENCODED_RESPONSE,
    /** {@code issued_at} is given in epoch milliseconds; with no {@code expires_in}, the lifetime counts from it. */
    ISSUED_AT_MILLIS;

    /** The name as the catalog and the API write it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Quirk> of(String wireName) {
        return Arrays.stream(values()).filter(q -> q.wireName().equals(wireName)).findFirst();
    }
}
