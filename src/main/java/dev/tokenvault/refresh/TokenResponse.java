package dev.tokenvault.refresh;

/** A successful token endpoint answer (RFC 6749 §5.1). */
public record TokenResponse(String accessToken, String refreshToken, String tokenType, Long expiresIn,
        String scope) {

    @Override
    public String toString() {
        return "TokenResponse[accessToken=<redacted>, refreshToken=<redacted>, expiresIn=" + expiresIn + "]";
    }
}
