package dev.tokenvault.connection;

/** A successful token endpoint answer (RFC 6749 §5.1). */
public record ProviderTokens(String accessToken, String refreshToken, String tokenType, Long expiresIn,
        String scope, String idToken) {

    public ProviderTokens(String accessToken, String refreshToken, String tokenType, Long expiresIn, String scope) {
        this(accessToken, refreshToken, tokenType, expiresIn, scope, null);
    }

    @Override
    public String toString() {
        return "ProviderTokens[accessToken=<redacted>, refreshToken=<redacted>, idToken=<redacted>, expiresIn=" + expiresIn + "]";
    }
}
