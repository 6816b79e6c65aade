package dev.tokenvault.token;

import java.time.Instant;
import java.util.List;

/** The body of the token endpoint: the only response that carries a stored access token. */
public record TokenView(String accessToken, String tokenType, Instant expiresAt, Long expiresIn, List<String> scopes) {

    @Override
    public String toString() {
        return "TokenView[accessToken=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
