package dev.tokenvault.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which URLs the service may call (providers' token, authorize and revocation endpoints, issuers and their JWKS,
 * webhooks): absolute {@code https} URLs with a host, and nothing with user info in it. {@code http} only when
 * {@code TOKENVAULT_ALLOW_INSECURE_URLS=true} (local testing).
 */
@ApplicationScoped
public class UrlPolicy {

    static final int MAX_LENGTH = 2048;

    private final boolean allowInsecure;

    public UrlPolicy(TokenvaultConfig config) {
        this.allowInsecure = config.allowInsecureUrls();
    }

    public boolean allowsInsecure() {
        return allowInsecure;
    }

    /** The URL when it may be called; null when absent and not required; {@code 400} naming the field otherwise. */
    public String checked(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ApiException.invalidRequest("field '" + field + "' is required");
            }
            return null;
        }
        Validation.optional(value, field, MAX_LENGTH);
        if (!callable(value)) {
            throw ApiException.invalidRequest("field '" + field + "' must be an " + (allowInsecure ? "http(s)" : "https")
                    + " URL");
        }
        return value;
    }

    /** Whether the service may call this URL (the same rule, as a test: for URLs that come from elsewhere). */
    public boolean callable(String value) {
        return callable(value, allowInsecure);
    }

    /** The rule itself, for a caller that decides on {@code http} by itself (the shipped provider catalog never may). */
    public static boolean callable(String value, boolean allowInsecure) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean schemeOk = "https".equals(scheme) || (allowInsecure && "http".equals(scheme));
            return schemeOk && uri.getHost() != null && !uri.getHost().isBlank() && uri.getRawUserInfo() == null
                    && value.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
