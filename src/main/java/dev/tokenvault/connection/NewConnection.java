package dev.tokenvault.connection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/connections}. */
public record NewConnection(String project, String provider, String subject, String externalAccount, String accessToken, String refreshToken,
        String tokenType, Long expiresIn, Instant expiresAt, List<String> scopes, Map<String, Object> metadata,
        String owner) {

    @Override
    public String toString() {
        return "NewConnection[provider=" + provider + ", externalAccount=" + externalAccount
                + ", accessToken=<redacted>, refreshToken=<redacted>]";
    }
}
