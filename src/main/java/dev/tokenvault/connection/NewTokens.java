package dev.tokenvault.connection;

import java.time.Duration;
import java.time.Instant;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;

/** A new token pair for a connection, sealed for its row under the primary key and ready to be written. */
public record NewTokens(byte[] accessToken, byte[] refreshToken, String keyId, String tokenType, Instant expiresAt,
        String scopes) {

    /**
     * What a provider issued for {@code row}, sealed: a refresh token the provider did not rotate is kept, a
     * token without {@code expires_in} lives {@code defaultLifetime}, and scopes the provider did not name stay
     * as they were.
     */
    public static NewTokens seal(Connection row, ProviderTokens issued, Duration defaultLifetime, Sealer sealer,
            Keyring keyring, Instant now) {
        String refresh = issued.refreshToken() != null && !issued.refreshToken().isBlank() ? issued.refreshToken()
                : row.refreshToken == null ? null : sealer.openString(row.refreshToken, row.refreshTokenField());
        long lifetime = issued.expiresIn() != null ? issued.expiresIn() : defaultLifetime.toSeconds();
        return new NewTokens(sealer.seal(issued.accessToken(), row.accessTokenField()),
                refresh == null ? null : sealer.seal(refresh, row.refreshTokenField()), keyring.primaryId(),
                issued.tokenType() == null ? "Bearer" : issued.tokenType(), now.plusSeconds(lifetime),
                issued.scope() != null ? issued.scope().trim() : row.scopes == null ? "" : row.scopes);
    }

    @Override
    public String toString() {
        return "NewTokens[sealed, expiresAt=" + expiresAt + "]";
    }
}
