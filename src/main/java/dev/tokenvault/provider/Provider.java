package dev.tokenvault.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.tokenvault.crypto.SealedField;

/**
 * An OAuth application registered at an external service (the client secret is stored sealed), or, of kind
 * {@code api_key}, a service whose static API tokens are stored (no OAuth application, so no token URL, client id
 * or secret). A provider made from a catalog entry remembers the entry ({@code template}) and what it says about the
 * provider: its quirks, lifetimes, extra authorize parameters and validation request.
 */
@Entity
@Table(name = "providers")
public class Provider {

    public static final String TABLE = "providers";
    public static final String OAUTH2 = CatalogEntry.OAUTH2;
    public static final String API_KEY = CatalogEntry.API_KEY;

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    /** Null for an {@code api_key} provider. */
    @Column(name = "token_url")
    public String tokenUrl;

    @Column(name = "authorize_url")
    public String authorizeUrl;

    @Column(name = "revocation_url")
    public String revocationUrl;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "client_secret")
    public byte[] clientSecret;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    /** {@code client_secret_basic} or {@code client_secret_post}; null for an {@code api_key} provider. */
    @Column(name = "auth_method")
    public String authMethod;

    /** Space-separated, as in OAuth. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "refresh_skew_seconds", nullable = false)
    public int refreshSkewSeconds;

    /** Whether each refresh answers a new refresh token and the old one dies; null when not known. */
    @Column(name = "rotates_refresh_tokens")
    public Boolean rotatesRefreshTokens;

    /** The catalog entry it was made from; null when made by hand. */
    public String template;

    /** {@code oauth2} or {@code api_key}. */
    @Column(nullable = false)
    public String kind = OAUTH2;

    /** Space-separated {@link Quirk} names. */
    @Column(nullable = false)
    public String quirks = "";

    /** Lifetime of an access token answered without {@code expires_in}; null: such a token does not expire. */
    public Integer accessTokenLifetimeSeconds;

    /** A refresh token unused this long dies; every refresh starts the window again. */
    public Integer refreshTokenInactivitySeconds;

    /** The grant dies this long after the user consented, whatever the refreshes. */
    public Integer refreshTokenLifetimeSeconds;

    /** The answer's field that tells the refresh token's remaining life, e.g. {@code x_refresh_token_expires_in}. */
    public String refreshTokenExpiresInField;

    /** Dotted path of the nested object that holds the tokens in an answer (Slack: {@code authed_user}). */
    public String tokenResponsePath;

    /** Space-separated fields of a token answer kept in the connection's metadata (never a token). */
    @Column(nullable = false)
    public String metadataFields = "";

    /** Space-separated parameters of the connect flow's callback kept in the connection's metadata. */
    @Column(nullable = false)
    public String callbackParams = "";

    /** Space-separated error codes that mean the grant is gone, like {@code invalid_grant}. */
    @Column(nullable = false)
    public String reauthErrors = "";

    /** Added to the connect flow's authorize URL. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> authorizeParams = new java.util.LinkedHashMap<>();

    /** How scopes are joined in the authorize request. */
    @Column(nullable = false)
    public String scopeSeparator = " ";

    /** The validation request: method, URL, how the token is sent, which statuses mean valid; null when none. */
    public String validationMethod;
    public String validationUrl;
    public String validationAuth;
    /** Space-separated. */
    public String validationStatus;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public SealedField clientSecretField() {
        return SealedField.of(TABLE, id, "client_secret");
    }

    public List<String> scopeList() {
        return words(scopes);
    }

    /** The scopes as the authorize request writes them (space- or comma-separated). */
    public String scopeParameter() {
        return String.join(scopeSeparator == null ? " " : scopeSeparator, scopeList());
    }

    public boolean isApiKey() {
        return API_KEY.equals(kind);
    }

    public boolean has(Quirk quirk) {
        return words(quirks).contains(quirk.wireName());
    }

    public List<String> quirkList() {
        return words(quirks);
    }

    public List<String> metadataFieldList() {
        return words(metadataFields);
    }

    public List<String> callbackParamList() {
        return words(callbackParams);
    }

    /** Whether the provider answers {@code code} when the grant is gone (besides {@code invalid_grant}). */
    public boolean meansReauth(String code) {
        return "invalid_grant".equals(code) || words(reauthErrors).contains(code);
    }

    public boolean hasValidation() {
        return validationUrl != null;
    }

    public List<Integer> validStatuses() {
        return words(validationStatus).stream().map(Integer::valueOf).toList();
    }

    /**
     * How long what this provider issues lives when its answers do not say. A provider made by hand gives a token
     * without {@code expires_in} the service's {@code defaultLifetime}; one made from the catalog the entry's known
     * lifetime, or none (the token does not expire).
     */
    public TokenLifetimes lifetimes(Duration defaultLifetime) {
        Long access = template == null ? Long.valueOf(defaultLifetime.toSeconds())
                : accessTokenLifetimeSeconds == null ? null : accessTokenLifetimeSeconds.longValue();
        return new TokenLifetimes(access, seconds(refreshTokenInactivitySeconds), seconds(refreshTokenLifetimeSeconds),
                has(Quirk.ISSUED_AT_MILLIS));
    }

    private static Long seconds(Integer value) {
        return value == null ? null : value.longValue();
    }

    static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
}
