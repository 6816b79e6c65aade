package dev.tokenvault.connection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/connections}. */
@Schema(description = "A credential to store. Give `expires_in` or `expires_at`, not both.",
        requiredProperties = { "provider", "access_token" })
public record NewConnection(String project, String provider, String subject, String externalAccount, String accessToken, String refreshToken,
        String tokenType, Long expiresIn, Instant expiresAt, List<String> scopes, Map<String, Object> metadata,
        String owner) {

    @Override
    public String toString() {
        return "NewConnection[provider=" + provider + ", externalAccount=" + externalAccount
                + ", accessToken=<redacted>, refreshToken=<redacted>]";
    }
}
