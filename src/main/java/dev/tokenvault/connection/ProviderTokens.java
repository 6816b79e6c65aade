package dev.tokenvault.connection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful token endpoint answer (RFC 6749 §5.1), read from whatever shape the provider sent it in.
 * {@code expiresIn}: null when not given, 0 when the provider says the token does not expire.
 * {@code refreshTokenExpiresIn}: the remaining life of the refresh token, where the provider tells it.
 * {@code issuedAt}: when the provider says it issued the token (Salesforce). {@code metadata}: fields of the answer
 * (or of the connect flow's callback) worth keeping beside the connection, never a token.
 */
public record ProviderTokens(String accessToken, String refreshToken, String tokenType, Long expiresIn,
        String scope, String idToken, Long refreshTokenExpiresIn, Instant issuedAt, Map<String, Object> metadata) {

    public ProviderTokens(String accessToken, String refreshToken, String tokenType, Long expiresIn, String scope) {
        this(accessToken, refreshToken, tokenType, expiresIn, scope, null);
    }

    public ProviderTokens(String accessToken, String refreshToken, String tokenType, Long expiresIn, String scope,
            String idToken) {
        this(accessToken, refreshToken, tokenType, expiresIn, scope, idToken, null, null, Map.of());
    }

    /** These tokens with more metadata (the connect flow adds what the provider put in the callback). */
    public ProviderTokens withMetadata(Map<String, ?> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        merged.putAll(more);
        return new ProviderTokens(accessToken, refreshToken, tokenType, expiresIn, scope, idToken,
                refreshTokenExpiresIn, issuedAt, merged);
    }

    @Override
    public String toString() {
        return "ProviderTokens[accessToken=<redacted>, refreshToken=<redacted>, idToken=<redacted>, expiresIn=" + expiresIn + "]";
    }
}
