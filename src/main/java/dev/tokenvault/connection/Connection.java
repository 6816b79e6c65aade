package dev.tokenvault.connection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.tokenvault.crypto.SealedField;

/**
 * A stored credential for one account at one provider. The access and refresh tokens are sealed
 * (AES-256-GCM, bound to this row and column); {@code keyId} names the key that sealed them.
 */
@Entity
@Table(name = "connections")
public class Connection {

    public static final String TABLE = "connections";

    @Id
    public UUID id;
    public UUID ownerId;
    public String provider;
    public String externalAccount;
    public byte[] accessToken;
    public byte[] refreshToken;
    public String keyId;
    public String tokenType;
    public Instant expiresAt;
    /** Space-separated, as in OAuth. */
    public String scopes;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    /** ACTIVE, NEEDS_REAUTH, ERROR or REVOKED; VALID / EXPIRING / EXPIRED are derived from the expiry. */
    public String state;
    public String stateReason;
    public String stateMessage;
    public Instant lastErrorAt;
    public Instant nextRetryAt;
    public int consecutiveFailures;
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant lastRefreshedAt;
    public Instant lastUsedAt;
    /** The replica holding the refresh lease, and until when (see refresh.RefreshStore). */
    public String leaseOwner;
    public Instant leaseUntil;

    public SealedField accessTokenField() {
        return SealedField.of(TABLE, id, "access_token");
    }

    public SealedField refreshTokenField() {
        return SealedField.of(TABLE, id, "refresh_token");
    }

    public List<String> scopeList() {
        return scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.trim().split("\\s+"));
    }
}
