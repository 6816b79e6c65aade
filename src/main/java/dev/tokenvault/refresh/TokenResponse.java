package dev.tokenvault.refresh;

/** A successful token endpoint answer (RFC 6749 §5.1). */
public record TokenResponse(String accessToken, String refreshToken, String tokenType, Long expiresIn,
        String scope, String idToken) {

    public TokenResponse(String accessToken, String refreshToken, String tokenType, Long expiresIn, String scope) {
        this(accessToken, refreshToken, tokenType, expiresIn, scope, null);
    }

    @Override
    public String toString() {
        return "TokenResponse[accessToken=<redacted>, refreshToken=<redacted>, idToken=<redacted>, expiresIn=" + expiresIn + "]";
    }
}
