package dev.tokenvault.connection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.tokenvault.crypto.SealedField;

/**
 * A stored credential for one account at one provider. The access and refresh tokens are sealed
 * (AES-256-GCM, bound to this row and column); {@code keyId} names the key that sealed them. Only
 * {@link ConnectionStore} reads and writes the table.
 */
@Entity
@Table(name = "connections")
public class Connection {

    public static final String TABLE = "connections";

    /**
     * What the refresh pipeline last concluded. The status callers see (VALID, EXPIRING, EXPIRED, ...) is
     * derived from it and the expiry by {@link ConnectionStatus}.
     */
    public enum State {
        /** Usable as far as the vault knows. */
        ACTIVE,
        /** The provider refused the grant: only a person reconnecting can fix it. */
        NEEDS_REAUTH,
        /** The last refresh failed for a reason that may pass (provider down, rate limited); retried later. */
        ERROR,
        /** The stored credential was revoked and cannot be replaced. */
        REVOKED;

        /** Whether the connection can be refreshed at all (a person must act otherwise). */
        public boolean refreshable() {
            return this == ACTIVE || this == ERROR;
        }
    }

    @Id
    public UUID id;
    /** The project the connection belongs to. */
    public UUID projectId;
    /** Who created or connected it; null for an end user's connection (connect session) or once they are gone. */
    public UUID ownerId;
    public String provider;
    /** The application's own name for whose account this is ({@code company-42}); unique per project and provider. */
    public String subject;
    public String externalAccount;
    public byte[] accessToken;
    public byte[] refreshToken;
    /** Keyed fingerprints of the stored tokens ({@code hs256:...}), so a leaked token finds its connection. */
    public String accessFingerprint;
    public String refreshFingerprint;
    public String keyId;
    public String tokenType;
    public Instant expiresAt;
    /** Space-separated, as in OAuth. */
    public String scopes;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    @Enumerated(EnumType.STRING)
    public State state;
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
    /** When the stored refresh token stops working, where known (the provider said, or the catalog knows its rule). */
    public Instant reauthDueAt;
    /** When the grant ends whatever the refreshes (consent + the catalog's lifetime), where known. */
    public Instant grantExpiresAt;
    /** The last run of the provider's validation request. */
    public Instant lastCheckedAt;

    public SealedField accessTokenField() {
        return SealedField.of(TABLE, id, "access_token");
    }

    public SealedField refreshTokenField() {
        return SealedField.of(TABLE, id, "refresh_token");
    }

    public List<String> scopeList() {
        return scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.trim().split("\\s+"));
    }

    /** A new, empty connection in {@code project}, made by {@code owner} (may be null), to an account at {@code provider}. */
    public static Connection create(UUID project, UUID owner, String provider, String subject, String externalAccount,
            Instant now) {
        Connection c = new Connection();
        c.id = UUID.randomUUID();
        c.projectId = project;
        c.ownerId = owner;
        c.provider = provider;
        c.subject = subject;
        c.externalAccount = externalAccount;
        c.metadata = new java.util.HashMap<>();
        c.scopes = "";
        c.tokenType = "Bearer";
        c.state = State.ACTIVE;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    /**
     * This connection once {@code tokens} are applied: the new pair and its lifetimes, the answer's metadata merged
     * in, and the state back to ACTIVE with every failure cleared. The one definition of "apply new tokens", used by the connect flow and the refresh
     * pipeline alike; {@link ConnectionStore#applyTokens} is the same change as one statement. The version is
     * left as it is (the store moves it).
     */
    public Connection withTokens(NewTokens tokens, boolean refreshed, Instant now) {
        Connection c = copy();
        c.accessToken = tokens.accessToken();
        c.refreshToken = tokens.refreshToken();
        c.accessFingerprint = tokens.accessFingerprint();
        c.refreshFingerprint = tokens.refreshFingerprint();
        c.keyId = tokens.keyId();
        c.tokenType = tokens.tokenType();
        c.expiresAt = tokens.expiresAt();
        c.scopes = tokens.scopes();
        c.state = State.ACTIVE;
        c.stateReason = null;
        c.stateMessage = null;
        c.nextRetryAt = null;
        c.consecutiveFailures = 0;
        c.updatedAt = now;
        c.reauthDueAt = tokens.reauthDueAt();
        c.grantExpiresAt = tokens.grantExpiresAt();
        if (!tokens.metadata().isEmpty()) {
            Map<String, Object> merged = new java.util.HashMap<>(metadata == null ? Map.of() : metadata);
            merged.putAll(tokens.metadata());
            c.metadata = merged;
        }
        if (refreshed) {
            c.lastRefreshedAt = now;
        }
        return c;
    }

    /** This connection at another version. */
    public Connection atVersion(long newVersion) {
        Connection c = copy();
        c.version = newVersion;
        return c;
    }

    private Connection copy() {
        Connection c = new Connection();
        c.id = id;
        c.projectId = projectId;
        c.ownerId = ownerId;
        c.provider = provider;
        c.subject = subject;
        c.externalAccount = externalAccount;
        c.accessToken = accessToken;
        c.refreshToken = refreshToken;
        c.accessFingerprint = accessFingerprint;
        c.refreshFingerprint = refreshFingerprint;
        c.keyId = keyId;
        c.tokenType = tokenType;
        c.expiresAt = expiresAt;
        c.scopes = scopes;
        c.metadata = metadata;
        c.state = state;
        c.stateReason = stateReason;
        c.stateMessage = stateMessage;
        c.lastErrorAt = lastErrorAt;
        c.nextRetryAt = nextRetryAt;
        c.consecutiveFailures = consecutiveFailures;
        c.version = version;
        c.createdAt = createdAt;
        c.updatedAt = updatedAt;
        c.lastRefreshedAt = lastRefreshedAt;
        c.lastUsedAt = lastUsedAt;
        c.reauthDueAt = reauthDueAt;
        c.grantExpiresAt = grantExpiresAt;
        c.lastCheckedAt = lastCheckedAt;
        return c;
    }
}
