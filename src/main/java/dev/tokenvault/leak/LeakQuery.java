package dev.tokenvault.leak;

import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.tokenvault.platform.ApiException;

/**
 * The body of {@code POST /v1/leaks/lookup} and {@code /revoke}: the leaked token itself, or only its fingerprint
 * (as the audit log shows it) when the token must not be pasted anywhere. Exactly one of the two.
 */
@Schema(name = "LeakQuery", description = "Exactly one of `token` and `fingerprint`.")
public record LeakQuery(
        @Schema(description = "The leaked token: an access or refresh token, or a `tvk_` API key. Never stored, "
                + "logged or audited; only its fingerprint is.", maxLength = LeakQuery.MAX_TOKEN_LENGTH) String token,
        @Schema(description = "The token's keyed fingerprint, as `token_fingerprint` in the audit log.",
                pattern = "^hs256:[A-Za-z0-9_-]{22}$") String fingerprint) {

    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final Pattern FINGERPRINT = Pattern.compile("hs256:[A-Za-z0-9_-]{22}");

    /** Refuses a body without exactly one well-formed field ({@code 400 invalid_request}). */
    public LeakQuery checked() {
        if ((token == null) == (fingerprint == null)) {
            throw ApiException.invalidRequest("give exactly one of 'token' and 'fingerprint'");
        }
        if (token != null && (token.isBlank() || token.length() > MAX_TOKEN_LENGTH)) {
            throw ApiException.invalidRequest("field 'token' must be 1 to " + MAX_TOKEN_LENGTH + " characters");
        }
        if (fingerprint != null && !FINGERPRINT.matcher(fingerprint).matches()) {
            throw ApiException.invalidRequest("field 'fingerprint' must look like hs256:<22 base64url characters>");
        }
        return this;
    }

    @Override
    public String toString() {
        return token != null ? "LeakQuery[token=...]" : "LeakQuery[fingerprint=" + fingerprint + "]";
    }
}
