package dev.tokenvault.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.provider.TokenLifetimes;

/**
 * A new token pair for a connection, sealed for its row under the primary key and ready to be written, with what
 * the answer said about lifetimes: when the access token expires, when the stored refresh token stops working
 * ({@code reauthDueAt}), when the grant itself ends ({@code grantExpiresAt}), and metadata to merge in.
 */
public record NewTokens(byte[] accessToken, byte[] refreshToken, String keyId, String tokenType, Instant expiresAt,
        String scopes, Instant reauthDueAt, Instant grantExpiresAt, Map<String, Object> metadata,
        String accessFingerprint, String refreshFingerprint) {

    /**
     * What a provider issued for {@code row}, sealed: a refresh token the provider did not rotate is kept, a
     * token without {@code expires_in} lives {@code defaultLifetime}, and scopes the provider did not name stay
     * as they were.
     */
    public static NewTokens seal(Connection row, ProviderTokens issued, Duration defaultLifetime, Sealer sealer,
            Keyring keyring, Fingerprinter fingerprinter, Instant now) {
        return seal(row, issued, TokenLifetimes.plain(defaultLifetime.toSeconds()), false, sealer, keyring,
                fingerprinter, now);
    }

    /**
     * What a provider issued for {@code row}, sealed, with the provider's known {@code lifetimes} filling what the
     * answer leaves unsaid. {@code newGrant}: the user has just consented (the connect flow), so the grant's
     * lifetime counts from now; a refresh keeps the grant's end.
     */
    public static NewTokens seal(Connection row, ProviderTokens issued, TokenLifetimes lifetimes, boolean newGrant,
            Sealer sealer, Keyring keyring, Fingerprinter fingerprinter, Instant now) {
        String refresh = issued.refreshToken() != null && !issued.refreshToken().isBlank() ? issued.refreshToken()
                : row.refreshToken == null ? null : sealer.openString(row.refreshToken, row.refreshTokenField());
        Instant grantEnd = newGrant
                ? lifetimes.grantSeconds() == null ? null : now.plusSeconds(lifetimes.grantSeconds())
                : row.grantExpiresAt;
        return new NewTokens(sealer.seal(issued.accessToken(), row.accessTokenField()),
                refresh == null ? null : sealer.seal(refresh, row.refreshTokenField()), keyring.primaryId(),
                tokenType(issued.tokenType()), accessExpiry(issued, lifetimes, now),
                issued.scope() != null ? issued.scope().trim() : row.scopes == null ? "" : row.scopes,
                refresh == null ? null : reauthDue(issued, lifetimes, grantEnd, now), grantEnd,
                issued.metadata() == null ? Map.of()
                        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(issued.metadata())),
                fingerprinter.fingerprint(issued.accessToken()), refresh == null ? null : fingerprinter.fingerprint(refresh));
    }

    /**
     * When the access token expires: {@code expires_in} when given ({@code 0} means never, as Mailchimp says);
     * otherwise the provider's known lifetime, counted from {@code issued_at} where the provider gives it in
     * milliseconds (Salesforce) and that is not in the future; without a known lifetime, never (a token is not
     * made "expired" for want of a number).
     */
    static Instant accessExpiry(ProviderTokens issued, TokenLifetimes lifetimes, Instant now) {
        Long expiresIn = issued.expiresIn();
        if (expiresIn != null) {
            return expiresIn > 0 ? now.plusSeconds(expiresIn) : null;
        }
        if (lifetimes.accessSeconds() == null) {
            return null;
        }
        Instant from = lifetimes.issuedAtMillis() && issued.issuedAt() != null && !issued.issuedAt().isAfter(now)
                ? issued.issuedAt() : now;
        Instant at = from.plusSeconds(lifetimes.accessSeconds());
        return at.isAfter(now) ? at : now.plusSeconds(lifetimes.accessSeconds());
    }

    /**
     * When the refresh token stops working: its remaining life where the answer tells it
     * ({@code refresh_token_expires_in}, {@code x_refresh_token_expires_in}), else the provider's inactivity window
     * from now (the token was just issued or used), and never after the grant's end.
     */
    static Instant reauthDue(ProviderTokens issued, TokenLifetimes lifetimes, Instant grantEnd, Instant now) {
        Long told = issued.refreshTokenExpiresIn();
        Instant rolling = told != null && told > 0 ? now.plusSeconds(told)
                : lifetimes.refreshInactivitySeconds() != null ? now.plusSeconds(lifetimes.refreshInactivitySeconds())
                        : null;
        if (rolling == null) {
            return grantEnd;
        }
        return grantEnd == null || rolling.isBefore(grantEnd) ? rolling : grantEnd;
    }

    /**
     * The token type as callers use it: {@code Bearer} when the provider says bearer in any case, or names what kind
     * of token it is rather than how to send it (Slack's {@code user} and {@code bot}); any other scheme as given.
     */
    static String tokenType(String given) {
        if (given == null || given.isBlank() || given.equalsIgnoreCase("bearer") || given.equals("user")
                || given.equals("bot")) {
            return "Bearer";
        }
        return given;
    }

    @Override
    public String toString() {
        return "NewTokens[sealed, expiresAt=" + expiresAt + ", reauthDueAt=" + reauthDueAt + "]";
    }
}
