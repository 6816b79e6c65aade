package dev.tokenvault.refresh;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.connection.Connection;
import dev.tokenvault.provider.Provider;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The refresh pipeline's statements, on the raw reactive client: each is one autocommit statement, so no
 * database connection or lock is held while a provider is called. The lease (owner, expiry) and the
 * version column make every write a compare-and-swap.
 */
@ApplicationScoped
public class RefreshStore {

    static final String COLUMNS = "id, owner_id, provider, external_account, access_token, refresh_token, key_id, "
            + "token_type, expires_at, scopes, state, state_reason, state_message, last_error_at, next_retry_at, "
            + "consecutive_failures, version, created_at, updated_at, last_refreshed_at, last_used_at, lease_owner, "
            + "lease_until";

    private final Pool pool;

    public RefreshStore(Pool pool) {
        this.pool = pool;
    }

    /** A connection row with its lease. */
    public record LeasedRow(Connection connection, String leaseOwner, Instant leaseUntil, Provider provider) {
    }

    /** The connection columns qualified for a statement that also reads providers. */
    static final String C_COLUMNS = "c." + COLUMNS.replace(", ", ", c.");

    static final String P_COLUMNS = "p.id AS p_id, p.name AS p_name, p.token_url AS p_token_url, "
            + "p.revocation_url AS p_revocation_url, p.client_id AS p_client_id, p.client_secret AS p_client_secret, "
            + "p.auth_method AS p_auth_method, p.refresh_skew_seconds AS p_refresh_skew_seconds";

    public Uni<LeasedRow> read(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM connections WHERE id = $1").execute(Tuple.of(id))
                .map(RefreshStore::first);
    }

    /**
     * Takes the lease when it is free, expired or already ours, and reads the provider in the same round trip;
     * null when another replica holds the lease.
     */
    public Uni<LeasedRow> acquireLease(UUID id, String owner, Duration duration) {
        return pool.preparedQuery("""
                UPDATE connections c SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
                  FROM providers p
                 WHERE c.id = $1 AND p.name = c.provider
                   AND (c.lease_until IS NULL OR c.lease_until < now() OR c.lease_owner = $2)
                RETURNING \s""" + C_COLUMNS + ", " + P_COLUMNS)
                .execute(Tuple.of(id, owner, (double) duration.toMillis() / 1000.0))
                .map(RefreshStore::first);
    }

    public Uni<Void> releaseLease(UUID id, String owner) {
        return pool.preparedQuery("UPDATE connections SET lease_owner = NULL, lease_until = NULL "
                + "WHERE id = $1 AND lease_owner = $2").execute(Tuple.of(id, owner)).replaceWithVoid();
    }

    /** Releases every lease this replica holds (at shutdown). */
    public Uni<Integer> releaseAll(String owner) {
        return pool.preparedQuery("UPDATE connections SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1")
                .execute(Tuple.of(owner)).map(RowSet::rowCount);
    }

    /** The sealed new pair and what comes with it, ready to be written. */
    public record NewPair(byte[] accessToken, byte[] refreshToken, String keyId, String tokenType, Instant expiresAt,
            String scopes) {
    }

    /**
     * Writes a refreshed pair if the row is still at {@code expectedVersion}; returns the new row, or null when
     * the version moved (someone else wrote the row in between).
     */
    public Uni<Connection> commit(UUID id, long expectedVersion, NewPair pair) {
        return pool.preparedQuery("""
                UPDATE connections SET access_token = $3, refresh_token = $4, key_id = $5, token_type = $6,
                       expires_at = $7, scopes = $8, state = 'ACTIVE', state_reason = NULL, state_message = NULL,
                       next_retry_at = NULL, consecutive_failures = 0, last_refreshed_at = now(), updated_at = now(),
                       version = version + 1, lease_owner = NULL, lease_until = NULL
                 WHERE id = $1 AND version = $2
                RETURNING \s""" + COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(id, expectedVersion, Buffer.buffer(pair.accessToken()),
                        pair.refreshToken() == null ? null : Buffer.buffer(pair.refreshToken()), pair.keyId(),
                        pair.tokenType(), odt(pair.expiresAt()), pair.scopes())))
                .map(rows -> {
                    LeasedRow row = first(rows);
                    return row == null ? null : row.connection();
                });
    }

    /** Records a failed refresh: state, reason, when to retry. The stored tokens are left as they are. */
    public Uni<Connection> recordFailure(UUID id, String owner, String state, String reason, String message,
            Instant nextRetryAt) {
        return pool.preparedQuery("""
                UPDATE connections SET state = $3, state_reason = $4, state_message = $5, last_error_at = now(),
                       next_retry_at = $6, consecutive_failures = consecutive_failures + 1, updated_at = now(),
                       version = version + 1, lease_owner = NULL, lease_until = NULL
                 WHERE id = $1 AND lease_owner = $2
                RETURNING \s""" + COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(id, owner, state, reason, message, odt(nextRetryAt))))
                .map(rows -> {
                    LeasedRow row = first(rows);
                    return row == null ? null : row.connection();
                });
    }

    public Uni<Provider> provider(String name) {
        return pool.preparedQuery("SELECT " + P_COLUMNS + " FROM providers p WHERE p.name = $1").execute(Tuple.of(name))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? provider(it.next()) : null;
                });
    }

    private static Provider provider(Row r) {
        Provider p = new Provider();
        p.id = r.getUUID("p_id");
        p.name = r.getString("p_name");
        p.tokenUrl = r.getString("p_token_url");
        p.revocationUrl = r.getString("p_revocation_url");
        p.clientId = r.getString("p_client_id");
        p.clientSecret = r.getBuffer("p_client_secret").getBytes();
        p.authMethod = r.getString("p_auth_method");
        p.refreshSkewSeconds = r.getInteger("p_refresh_skew_seconds");
        return p;
    }

    /** Connections the proactive scheduler should refresh now, soonest expiry first. */
    public Uni<List<Connection>> due(int limit, Duration idleRefreshAfter) {
        return pool.preparedQuery("""
                SELECT \s""" + C_COLUMNS + "\n" + """
                  FROM connections c JOIN providers p ON p.name = c.provider
                 WHERE c.refresh_token IS NOT NULL AND c.state IN ('ACTIVE', 'ERROR')
                   AND (c.next_retry_at IS NULL OR c.next_retry_at <= now())
                   AND (c.lease_until IS NULL OR c.lease_until < now())
                   AND (c.expires_at <= now() + make_interval(secs => p.refresh_skew_seconds)
                        OR ($2::float8 IS NOT NULL
                            AND coalesce(c.last_refreshed_at, c.created_at) < now() - make_interval(secs => $2::float8)))
                 ORDER BY c.expires_at NULLS LAST
                 LIMIT $1""")
                .execute(Tuple.of(limit, idleRefreshAfter == null ? null : (double) idleRefreshAfter.toSeconds()))
                .map(rows -> {
                    List<Connection> due = new ArrayList<>();
                    rows.forEach(r -> due.add(row(r).connection()));
                    return due;
                });
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static LeasedRow first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? row(it.next()) : null;
    }

    private static LeasedRow row(Row r) {
        Connection c = new Connection();
        c.id = r.getUUID("id");
        c.ownerId = r.getUUID("owner_id");
        c.provider = r.getString("provider");
        c.externalAccount = r.getString("external_account");
        c.accessToken = r.getBuffer("access_token") == null ? null : r.getBuffer("access_token").getBytes();
        c.refreshToken = r.getBuffer("refresh_token") == null ? null : r.getBuffer("refresh_token").getBytes();
        c.keyId = r.getString("key_id");
        c.tokenType = r.getString("token_type");
        c.expiresAt = instant(r, "expires_at");
        c.scopes = r.getString("scopes");
        c.state = r.getString("state");
        c.stateReason = r.getString("state_reason");
        c.stateMessage = r.getString("state_message");
        c.lastErrorAt = instant(r, "last_error_at");
        c.nextRetryAt = instant(r, "next_retry_at");
        c.consecutiveFailures = r.getInteger("consecutive_failures");
        c.version = r.getLong("version");
        c.createdAt = instant(r, "created_at");
        c.updatedAt = instant(r, "updated_at");
        c.lastRefreshedAt = instant(r, "last_refreshed_at");
        c.lastUsedAt = instant(r, "last_used_at");
        Provider provider = r.getColumnIndex("p_name") >= 0 ? provider(r) : null;
        return new LeasedRow(c, r.getString("lease_owner"), instant(r, "lease_until"), provider);
    }
}
