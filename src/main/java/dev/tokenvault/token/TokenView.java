package dev.tokenvault.token;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of the token endpoint: the only response that carries a stored access token. */
@Schema(description = "A currently valid access token of a connection.",
        requiredProperties = "access_token")
public record TokenView(@Schema(description = "The provider's access token.") String accessToken,
        @Schema(description = "As the provider named it, usually `bearer`.") String tokenType,
        @Schema(description = "When the token expires; null when the provider gave no expiry.") Instant expiresAt,
        @Schema(description = "Seconds until `expires_at`; null when the token does not expire.") Long expiresIn,
        List<String> scopes) {

    @Override
    public String toString() {
        return "TokenView[accessToken=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
