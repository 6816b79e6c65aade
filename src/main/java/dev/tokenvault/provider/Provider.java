package dev.tokenvault.provider;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tokenvault.crypto.SealedField;

/** An OAuth application registered at an external service. The client secret is stored sealed. */
@Entity
@Table(name = "providers")
public class Provider {

    public static final String TABLE = "providers";

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "token_url", nullable = false)
    public String tokenUrl;

    @Column(name = "authorize_url")
    public String authorizeUrl;

    @Column(name = "revocation_url")
    public String revocationUrl;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "client_secret", nullable = false)
    public byte[] clientSecret;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "auth_method", nullable = false)
    public String authMethod;

    /** Space-separated, as in OAuth. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "refresh_skew_seconds", nullable = false)
    public int refreshSkewSeconds;

    /** Whether each refresh answers a new refresh token and the old one dies; null when not known. */
    @Column(name = "rotates_refresh_tokens")
    public Boolean rotatesRefreshTokens;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public SealedField clientSecretField() {
        return SealedField.of(TABLE, id, "client_secret");
    }

    public List<String> scopeList() {
        return scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.trim().split("\\s+"));
    }
}
