package dev.tokenvault.connection;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.connection.Connection.State;
import dev.tokenvault.crypto.SealedTable;
import dev.tokenvault.outbox.Outbox;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.project.ProjectRepository;
import dev.tokenvault.project.ProjectRole;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The owner of {@code connections}: every statement on the table is here.
 * <p>
 * Two styles, each where it belongs. Management (create, list, read, delete) goes through Hibernate Reactive
 * sessions. The token path and the refresh pipeline use the raw reactive client: each statement is one
 * autocommit round trip, so no database connection or lock is held while a provider is called, the lease and
 * the version column make every write a compare-and-swap, and the token read costs one primary-key SELECT
 * (a caller's p50 fell from 3.75 ms to 0.81 ms with it: wrk -c1 on bench/token-read.lua, docs/performance.md).
 */
@ApplicationScoped
public class ConnectionStore implements PanacheRepositoryBase<Connection, UUID>, SealedTable {

    static final String COLUMNS = "id, project_id, owner_id, provider, subject, external_account, access_token, "
            + "refresh_token, key_id, token_type, expires_at, scopes, state, state_reason, state_message, last_error_at, "
            + "next_retry_at, consecutive_failures, version, created_at, updated_at, last_refreshed_at, last_used_at, "
            + "lease_owner, lease_until, reauth_due_at, grant_expires_at, last_checked_at, access_fingerprint, "
            + "refresh_fingerprint";

    /** The connection columns qualified for a statement that also reads providers. */
    static final String C_COLUMNS = "c." + COLUMNS.replace(", ", ", c.");

    /**
     * Exactly the columns the entity maps, for native queries that Hibernate reads into {@link Connection}
     * (Hibernate Reactive fails on a result column the entity does not map, such as the lease).
     */
    static final String ENTITY_COLUMNS = "c.id, c.project_id, c.owner_id, c.provider, c.subject, c.external_account, "
            + "c.access_token, c.refresh_token, c.key_id, c.token_type, c.expires_at, c.scopes, c.metadata, c.state, c.state_reason, "
            + "c.state_message, c.last_error_at, c.next_retry_at, c.consecutive_failures, c.version, c.created_at, "
            + "c.updated_at, c.last_refreshed_at, c.last_used_at, c.reauth_due_at, c.grant_expires_at, c.last_checked_at, "
            + "c.access_fingerprint, c.refresh_fingerprint";

    /** The user id given for a machine caller, which is nobody's member. */
    static final UUID NOBODY = new UUID(0, 0);

    private final Pool pool;
    private final Outbox outbox;

    public ConnectionStore(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /**
     * A connection row with its refresh lease, and its provider where the statement read it. {@code interrupted}:
     * the lease was taken over from another holder whose refresh may have reached the provider and whose outcome
     * was never written (it crashed mid-refresh).
     */
    public record LeasedRow(Connection connection, String leaseOwner, Instant leaseUntil, Provider provider,
            boolean interrupted) {
    }

    // ----------------------------------------------------------------------------- management (Hibernate)

    /** One primary-key read; who may see it is decided against its project by the caller of this method. */
    @WithSession
    public Uni<Connection> get(UUID id) {
        return find("id", id).firstResult();
    }

    /** How many of these ids are connections of the project (bindings and API keys may name only those). */
    @WithSession
    public Uni<Long> countInProject(UUID project, Collection<UUID> ids) {
        return count("projectId = ?1 and id in ?2", project, ids);
    }

    /** How many connections the project has. */
    @WithSession
    public Uni<Long> countInProject(UUID project) {
        return count("projectId", project);
    }

    /** The project's oldest connection to the provider, or null. */
    @WithSession
    public Uni<Connection> findFirstForProvider(UUID project, String provider) {
        return find("projectId = ?1 and provider = ?2 order by createdAt, id", project, provider).firstResult();
    }

    /** The project's connection without a subject to this account at the provider (an absent account is its own). */
    @WithSession
    public Uni<Connection> findByAccount(UUID project, String provider, String externalAccount) {
        return find("projectId = ?1 and provider = ?2 and subject is null and coalesce(externalAccount, '') = ?3",
                project, provider, externalAccount == null ? "" : externalAccount).firstResult();
    }

    /** The project's connection for this subject at the provider, or null. */
    @WithSession
    public Uni<Connection> findBySubject(UUID project, String provider, String subject) {
        return find("projectId = ?1 and provider = ?2 and subject = ?3", project, provider, subject).firstResult();
    }

    /**
     * Which connections a list shows: those of one project, or of every project {@code member} belongs to; then
     * optionally only some providers, one subject, a derived status, and (for a machine credential's scope) only
     * some providers or ids. Empty sets mean "all".
     */
    public record ListFilter(UUID project, UUID member, String provider, String subject, ConnectionStatus status,
            Set<String> scopeProviders, Set<UUID> scopeIds) {
    }

    /** Connections in creation order after the page's cursor: {@code size + 1} rows. */
    @WithSession
    public Uni<List<Connection>> list(ListFilter filter, PageRequest page) {
        StringBuilder sql = new StringBuilder(
                "SELECT " + ENTITY_COLUMNS + " FROM connections c JOIN providers p ON p.name = c.provider WHERE ");
        Map<String, Object> params = new HashMap<>();
        if (filter.project() != null) {
            sql.append("c.project_id = :project");
            params.put("project", filter.project());
        } else {
            sql.append(ProjectRepository.memberOf("c.project_id", ":member"));
            params.put("member", filter.member());
        }
        if (filter.provider() != null) {
            sql.append(" AND c.provider = :provider");
            params.put("provider", filter.provider());
        }
        if (filter.subject() != null) {
            sql.append(" AND c.subject = :subject");
            params.put("subject", filter.subject());
        }
        if (filter.status() != null) {
            sql.append(" AND (").append(ConnectionStatus.SQL).append(") = :status");
            params.put("status", filter.status().name());
        }
        if (!filter.scopeProviders().isEmpty()) {
            sql.append(" AND c.provider IN (:scopeProviders)");
            params.put("scopeProviders", filter.scopeProviders());
        }
        if (!filter.scopeIds().isEmpty()) {
            sql.append(" AND c.id IN (:scopeIds)");
            params.put("scopeIds", filter.scopeIds());
        }
        if (page.after() != null) {
            sql.append(" AND (c.created_at, c.id) > (:at, :id)");
            params.put("at", page.after().at());
            params.put("id", page.after().id());
        }
        sql.append(" ORDER BY c.created_at, c.id LIMIT :limit");
        params.put("limit", page.size() + 1);
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql.toString(), Connection.class);
            params.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /** Stores a new connection, with its {@code connection.created} event in the same transaction. */
    @WithTransaction
    public Uni<Connection> add(Connection connection) {
        return persistAndFlush(connection)
                .call(c -> outbox.add(c.projectId, Outbox.CONNECTION_CREATED, eventData(c)));
    }

    /**
     * Deletes the connection and answers it as it was (its sealed tokens included), with its
     * {@code connection.deleted} event in the same transaction; null if none.
     */
    @WithTransaction
    public Uni<Connection> remove(UUID id) {
        return get(id).call(c -> c == null ? Uni.createFrom().nullItem() : delete(c).call(this::flush)
                .call(ignored -> outbox.add(c.projectId, Outbox.CONNECTION_DELETED, eventData(c))));
    }

    /** What a connection event says of the connection (the same fields as {@link #EVENT_DATA}); never a token. */
    static Map<String, Object> eventData(Connection c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connection_id", c.id.toString());
        data.put("project", c.projectId.toString());
        data.put("provider", c.provider);
        data.put("subject", c.subject);
        data.put("status", ConnectionStatus.of(c, DEFAULT_SKEW, Instant.now()).name());
        data.put("reason", c.stateReason);
        data.put("next_retry_at", c.nextRetryAt == null ? null : c.nextRetryAt.toString());
        data.put("reauth_due_at", c.reauthDueAt == null ? null : c.reauthDueAt.toString());
        return data;
    }

    static final int DEFAULT_SKEW = 60;

    // ----------------------------------------------------------------------------- events of raw statements

    /** The data of a connection event from a row {@code c} of connections joined with its provider {@code p}. */
    static final String EVENT_DATA = "jsonb_build_object('connection_id', c.id, 'project', c.project_id, "
            + "'provider', c.provider, 'subject', c.subject, 'status', " + ConnectionStatus.SQL + ", "
            + "'reason', c.state_reason, 'next_retry_at', c.next_retry_at, 'reauth_due_at', c.reauth_due_at)";

    /**
     * Which event a change of state is, from the row before ({@code b_state}, {@code b_failures}) to the row after:
     * a connection that now needs a person; the first failure of a run (once, not per retry); a recovery.
     */
    static final String TRANSITION = "CASE WHEN c.state = 'NEEDS_REAUTH' AND c.b_state <> 'NEEDS_REAUTH' THEN '"
            + Outbox.CONNECTION_NEEDS_REAUTH + "' WHEN c.state = 'ERROR' AND c.b_failures = 0 THEN '"
            + Outbox.CONNECTION_REFRESH_FAILED + "' WHEN c.state = 'ACTIVE' AND (c.b_state <> 'ACTIVE' OR "
            + "c.b_failures > 0) THEN '" + Outbox.CONNECTION_RECOVERED + "' END";

    /**
     * A change of the row {@code $1} as one statement that also writes the event the change is, if any: the row is
     * read before (locked) and after, and the outbox gets its event in the same statement, so a change is never
     * stored without its event or the other way round. {@code set} and {@code where} refer to the row as {@code u}.
     */
    static String announcing(String set, String where) {
        return "WITH b AS (SELECT id AS b_id, state AS b_state, consecutive_failures AS b_failures FROM connections "
                + "WHERE id = $1 FOR UPDATE), "
                + "changed AS (UPDATE connections u SET " + set + " FROM b WHERE u.id = b.b_id AND " + where
                + " RETURNING u.*, b.b_state, b.b_failures), "
                + "events AS (" + Outbox.insertSelect("c.project_id", TRANSITION, EVENT_DATA,
                        "changed c JOIN providers p ON p.name = c.provider") + ") "
                + "SELECT " + COLUMNS + " FROM changed";
    }

    // ------------------------------------------------------------------- token path and refresh (raw client)

    /** A connection with the member role of the asking user in its project (null: none, or a machine caller). */
    public record Found(Connection connection, ProjectRole role) {
    }

    static final String READ_FOR = "SELECT " + C_COLUMNS + ", " + ProjectRepository.roleColumn("c.project_id", "$2")
            + " AS member_role FROM connections c WHERE c.id = $1";

    /** The token path's read, with the caller's role in the connection's project: one primary-key SELECT. */
    public Uni<Found> readFor(UUID id, UUID user) {
        return pool.preparedQuery(READ_FOR).execute(Tuple.of(id, user == null ? NOBODY : user))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? found(it.next()) : null;
                });
    }

    static final String LOOKUP = "SELECT " + C_COLUMNS + ", " + ProjectRepository.roleColumn("c.project_id", "$4")
            + " AS member_role FROM connections c WHERE c.project_id = %s AND c.provider = $2 AND %s";
    static final String LOOKUP_BY_ID_SUBJECT = LOOKUP.formatted("$1", "c.subject = $3");
    static final String LOOKUP_BY_NAME_SUBJECT = LOOKUP.formatted(ProjectRepository.idOfName("$1"), "c.subject = $3");
    static final String LOOKUP_BY_ID_ANY = LOOKUP.formatted("$1",
            "$3::text IS NULL ORDER BY c.created_at, c.id LIMIT 6");
    static final String LOOKUP_BY_NAME_ANY = LOOKUP.formatted(ProjectRepository.idOfName("$1"),
            "$3::text IS NULL ORDER BY c.created_at, c.id LIMIT 6");

    /**
     * An application's lookup by its own key: the connection of (project, provider, subject), the project given by
     * id or name, with the caller's role there. One indexed read. Without a subject: the project's connections to
     * the provider, oldest first (at most 6, enough to say there is a choice).
     */
    public Uni<List<Found>> lookup(String project, String provider, String subject, UUID user) {
        boolean byId = isUuid(project);
        String sql = subject != null ? (byId ? LOOKUP_BY_ID_SUBJECT : LOOKUP_BY_NAME_SUBJECT)
                : (byId ? LOOKUP_BY_ID_ANY : LOOKUP_BY_NAME_ANY);
        Object projectParam = byId ? UUID.fromString(project) : project;
        return pool.preparedQuery(sql).execute(Tuple.of(projectParam, provider, subject, user == null ? NOBODY : user))
                .map(rows -> {
                    List<Found> found = new java.util.ArrayList<>();
                    rows.forEach(r -> found.add(found(r)));
                    return found;
                });
    }

    private static Found found(Row r) {
        return new Found(row(r).connection(), ProjectRole.stored(r.getString("member_role")));
    }

    private static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The token path's read: one primary-key SELECT. */
    public Uni<LeasedRow> read(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM connections WHERE id = $1").execute(Tuple.of(id))
                .map(ConnectionStore::first);
    }

    /**
     * Takes the refresh lease for a refresh about to call the provider, and reads the provider in the same round
     * trip; null when another replica holds the lease. A lease is free when nobody holds it, when it is ours, or
     * when it expired; but a lease whose holder may already have sent its request to the provider
     * ({@code refresh_sent_at}) is taken over only once the holder's write-retry window ({@code inFlightGrace})
     * has passed too: a live holder that cannot write its new pair yet must not be overtaken by a second use of
     * the same refresh token. A provider known not to rotate refresh tokens skips that wait (a second use is
     * harmless there); one whose behaviour is unknown is treated as rotating.
     */
    public Uni<LeasedRow> acquireLease(UUID id, String owner, Duration duration, Duration inFlightGrace) {
        return pool.preparedQuery("""
                WITH before AS (SELECT lease_owner, refresh_sent_at FROM connections WHERE id = $1 FOR UPDATE)
                UPDATE connections c SET lease_owner = $2, lease_until = now() + make_interval(secs => $3),
                       refresh_sent_at = now()
                  FROM providers p, before b
                 WHERE c.id = $1 AND p.name = c.provider
                   AND (c.lease_until IS NULL OR c.lease_owner = $2
                        OR c.lease_until < now() - CASE WHEN c.refresh_sent_at IS NULL OR p.rotates_refresh_tokens IS FALSE
                                                        THEN interval '0'
                                                        ELSE make_interval(secs => $4) END)
                RETURNING \s""" + C_COLUMNS + ", " + ProviderRepository.JOINED_COLUMNS
                + ", (b.refresh_sent_at IS NOT NULL AND b.lease_owner IS NOT NULL AND b.lease_owner <> $2) AS interrupted")
                .execute(Tuple.of(id, owner, seconds(duration), seconds(inFlightGrace)))
                .map(ConnectionStore::first);
    }

    /** Extends a lease its holder still has; false when the holder has lost it. */
    public Uni<Boolean> renewLease(UUID id, String owner, Duration duration) {
        return pool.preparedQuery("UPDATE connections SET lease_until = now() + make_interval(secs => $3) "
                + "WHERE id = $1 AND lease_owner = $2").execute(Tuple.of(id, owner, seconds(duration)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Gives the lease back without a refresh having been sent (the row had moved, or needs a person). */
    public Uni<Void> releaseLease(UUID id, String owner) {
        return pool.preparedQuery("UPDATE connections SET lease_owner = NULL, lease_until = NULL, refresh_sent_at = NULL "
                + "WHERE id = $1 AND lease_owner = $2").execute(Tuple.of(id, owner)).replaceWithVoid();
    }

    /**
     * Releases every lease {@code owner} holds (a replica at shutdown, with nothing in flight any more: a refresh
     * whose outcome was not written keeps its in-flight mark, so it is taken over only after the grace).
     */
    public Uni<Integer> releaseAllLeases(String owner) {
        return pool.preparedQuery("UPDATE connections SET lease_owner = NULL, lease_until = NULL "
                + "WHERE lease_owner = $1 AND refresh_sent_at IS NULL").execute(Tuple.of(owner)).map(RowSet::rowCount);
    }

    /**
     * Applies new tokens if the row is still at {@code expectedVersion} ({@link Connection#withTokens} as one
     * statement): the new pair and its lifetimes, the answer's metadata merged in, the state back to ACTIVE with
     * every failure cleared, the lease released and the version moved. Answers the new row, or null when the
     * version moved (someone else wrote the row).
     */
    public Uni<Connection> applyTokens(UUID id, long expectedVersion, NewTokens tokens, boolean refreshed) {
        return pool.preparedQuery(APPLY_TOKENS)
                .execute(Tuple.from(Arrays.asList(id, expectedVersion, Buffer.buffer(tokens.accessToken()),
                        tokens.refreshToken() == null ? null : Buffer.buffer(tokens.refreshToken()), tokens.keyId(),
                        tokens.tokenType(), odt(tokens.expiresAt()), tokens.scopes(), refreshed,
                        odt(tokens.reauthDueAt()), odt(tokens.grantExpiresAt()),
                        new io.vertx.core.json.JsonObject(new java.util.LinkedHashMap<>(tokens.metadata())),
                        tokens.accessFingerprint(), tokens.refreshFingerprint())))
                .map(ConnectionStore::firstConnection);
    }

    /** The reauth warning goes out once per refresh-token life: a new {@code reauth_due_at} arms it again. */
    static final String APPLY_TOKENS = announcing("""
            access_token = $3, refresh_token = $4, key_id = $5, token_type = $6,
                   expires_at = $7, scopes = $8, state = 'ACTIVE', state_reason = NULL, state_message = NULL,
                   next_retry_at = NULL, consecutive_failures = 0, updated_at = now(),
                   last_refreshed_at = CASE WHEN $9 THEN now() ELSE last_refreshed_at END,
                   version = version + 1, lease_owner = NULL, lease_until = NULL, refresh_sent_at = NULL,
                   reauth_warned_at = CASE WHEN reauth_due_at IS DISTINCT FROM $10 THEN NULL ELSE reauth_warned_at END,
                   reauth_due_at = $10, grant_expires_at = $11, metadata = metadata || $12::jsonb,
                   access_fingerprint = $13, refresh_fingerprint = $14""",
            "u.version = $2");

    /**
     * Records a failed refresh by the lease holder: state, reason, when to retry. The stored tokens are left as
     * they are. Answers the new row, or null when {@code leaseOwner} no longer holds the lease.
     */
    public Uni<Connection> recordFailure(UUID id, String leaseOwner, State state, String reason, String message,
            Instant nextRetryAt) {
        return pool.preparedQuery(announcing("""
                state = $3, state_reason = $4, state_message = $5, last_error_at = now(),
                       next_retry_at = $6, consecutive_failures = consecutive_failures + 1, updated_at = now(),
                       version = version + 1, lease_owner = NULL, lease_until = NULL, refresh_sent_at = NULL""",
                "u.lease_owner = $2"))
                .execute(Tuple.from(Arrays.asList(id, leaseOwner, state.name(), reason, message, odt(nextRetryAt))))
                .map(ConnectionStore::firstConnection);
    }

    /**
     * Connections the proactive scheduler should refresh now, soonest expiry first: those about to expire, those idle
     * for {@code idleRefreshAfter}, and those idle for half their provider's refresh-token inactivity window (so the
     * refresh token does not lapse: a refresh starts the window again).
     */
    public Uni<List<Connection>> due(int limit, Duration idleRefreshAfter) {
        return pool.preparedQuery("""
                SELECT \s""" + C_COLUMNS + "\n" + """
                  FROM connections c JOIN providers p ON p.name = c.provider
                 WHERE c.refresh_token IS NOT NULL AND c.state IN ('ACTIVE', 'ERROR')
                   AND (c.next_retry_at IS NULL OR c.next_retry_at <= now())
                   AND (c.lease_until IS NULL OR c.lease_until < now())
                   AND (c.expires_at <= now() + make_interval(secs => p.refresh_skew_seconds)
                        OR ($2::float8 IS NOT NULL
                            AND coalesce(c.last_refreshed_at, c.created_at) < now() - make_interval(secs => $2::float8))
                        OR (p.refresh_token_inactivity_seconds IS NOT NULL
                            AND coalesce(c.last_refreshed_at, c.created_at)
                                < now() - make_interval(secs => p.refresh_token_inactivity_seconds / 2.0)))
                 ORDER BY c.expires_at NULLS LAST
                 LIMIT $1""")
                .execute(Tuple.of(limit, idleRefreshAfter == null ? null : (double) idleRefreshAfter.toSeconds()))
                .map(rows -> {
                    List<Connection> due = new ArrayList<>();
                    rows.forEach(r -> due.add(row(r).connection()));
                    return due;
                });
    }

    /**
     * Announces {@code connection.reauth_due} for every connection whose refresh token dies within {@code warning}
     * and that was not warned of this refresh token yet: marks them warned and writes the events in one statement
     * (two replicas racing announce each connection once). Answers how many were announced.
     */
    public Uni<Integer> announceReauthDue(Duration warning) {
        return pool.preparedQuery("WITH changed AS (UPDATE connections c SET reauth_warned_at = now() "
                + "WHERE c.reauth_due_at IS NOT NULL AND c.reauth_due_at <= now() + make_interval(secs => $1) "
                + "AND c.reauth_warned_at IS NULL AND c.state IN ('ACTIVE', 'ERROR') RETURNING c.*), "
                + "events AS (" + Outbox.insertSelect("c.project_id", "'" + Outbox.CONNECTION_REAUTH_DUE + "'",
                        EVENT_DATA, "changed c JOIN providers p ON p.name = c.provider") + ") "
                + "SELECT count(*) AS n FROM changed")
                .execute(Tuple.of(seconds(warning))).map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    // ------------------------------------------------------------------------ leak response (raw client)

    /** The connections whose current access or refresh token has this fingerprint. */
    public Uni<List<Connection>> findByFingerprint(String fingerprint) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM connections "
                + "WHERE access_fingerprint = $1 OR refresh_fingerprint = $1 ORDER BY created_at, id")
                .execute(Tuple.of(fingerprint)).map(ConnectionStore::connections);
    }

    /**
     * The connection can no longer be used as it is (its refresh token leaked and the provider could not replace
     * it): NEEDS_REAUTH with {@code reason}, announced like any other transition.
     */
    public Uni<Connection> recordNeedsReauth(UUID id, String reason, String message) {
        return pool.preparedQuery(announcing("""
                state = 'NEEDS_REAUTH', state_reason = $2, state_message = $3, last_error_at = now(),
                       next_retry_at = NULL, updated_at = now(), version = version + 1""", "true"))
                .execute(Tuple.of(id, reason, message)).map(ConnectionStore::firstConnection);
    }

    /** Announces {@code connection.leaked} for the connection, with {@code details} added to the event's data. */
    public Uni<Void> announceLeak(UUID id, Map<String, Object> details) {
        return pool.preparedQuery(Outbox.insertSelect("c.project_id", "'" + Outbox.CONNECTION_LEAKED + "'",
                        EVENT_DATA + " || $2::jsonb",
                        "(SELECT * FROM connections WHERE id = $1) c JOIN providers p ON p.name = c.provider"))
                .execute(Tuple.of(id, new io.vertx.core.json.JsonObject(new LinkedHashMap<>(details))))
                .replaceWithVoid();
    }

    /** Up to {@code limit} connections holding a token without its fingerprint (stored before fingerprints). */
    public Uni<List<Connection>> withoutFingerprints(int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM connections WHERE access_token IS NOT NULL AND "
                + "(access_fingerprint IS NULL OR (refresh_token IS NOT NULL AND refresh_fingerprint IS NULL)) LIMIT $1")
                .execute(Tuple.of(limit)).map(ConnectionStore::connections);
    }

    /** Writes the fingerprints of the tokens the row holds at {@code version} (the tokens themselves are unchanged). */
    public Uni<Boolean> recordFingerprints(UUID id, long version, String access, String refresh) {
        return pool.preparedQuery("UPDATE connections SET access_fingerprint = $3, refresh_fingerprint = $4 "
                + "WHERE id = $1 AND version = $2")
                .execute(Tuple.of(id, version, access, refresh)).map(rows -> rows.rowCount() > 0);
    }

    // ------------------------------------------------------------------- credential checks (raw client)

    /** A validation request refused the stored credential (401/403): a person must store or connect a new one. */
    public Uni<Connection> recordCheckRefused(UUID id, String reason, String message) {
        return pool.preparedQuery(announcing("""
                last_checked_at = now(), state = 'NEEDS_REAUTH', state_reason = $2,
                       state_message = $3, last_error_at = now(), updated_at = now(), version = version + 1""", "true"))
                .execute(Tuple.of(id, reason, message)).map(ConnectionStore::firstConnection);
    }

    /**
     * A validation request accepted the stored credential: a connection that an earlier check had marked
     * NEEDS_REAUTH (reason {@code refusedReason}) is usable again; any other state is left as it is.
     */
    public Uni<Connection> recordCheckPassed(UUID id, String refusedReason) {
        return pool.preparedQuery(announcing("""
                last_checked_at = now(),
                       state = CASE WHEN state = 'NEEDS_REAUTH' AND state_reason = $2 THEN 'ACTIVE' ELSE state END,
                       state_message = CASE WHEN state = 'NEEDS_REAUTH' AND state_reason = $2 THEN NULL
                                            ELSE state_message END,
                       state_reason = CASE WHEN state = 'NEEDS_REAUTH' AND state_reason = $2 THEN NULL
                                           ELSE state_reason END,
                       version = version + CASE WHEN state = 'NEEDS_REAUTH' AND state_reason = $2 THEN 1 ELSE 0 END""",
                "true")).execute(Tuple.of(id, refusedReason)).map(ConnectionStore::firstConnection);
    }

    /** A validation request told nothing (the service was down, answered something unexpected): only noted. */
    public Uni<Connection> recordCheckInconclusive(UUID id) {
        return pool.preparedQuery("UPDATE connections SET last_checked_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id)).map(ConnectionStore::firstConnection);
    }

    /**
     * Claims up to {@code limit} stored static credentials whose provider has a validation request and that were not
     * checked for {@code interval}, with their providers: marks them checked now, so that another replica's round
     * skips them ({@code SKIP LOCKED}). Only usable credentials without a refresh token are checked on schedule (an
     * OAuth token that can be refreshed is renewed, not checked).
     */
    public Uni<List<LeasedRow>> claimChecks(int limit, Duration interval) {
        return pool.preparedQuery("""
                UPDATE connections c SET last_checked_at = now()
                  FROM providers p
                 WHERE p.name = c.provider AND c.id IN (
                       SELECT c2.id FROM connections c2 JOIN providers p2 ON p2.name = c2.provider
                        WHERE p2.validation_url IS NOT NULL AND c2.access_token IS NOT NULL
                          AND c2.refresh_token IS NULL AND c2.state IN ('ACTIVE', 'ERROR')
                          AND (c2.expires_at IS NULL OR c2.expires_at > now())
                          AND (c2.last_checked_at IS NULL OR c2.last_checked_at < now() - make_interval(secs => $2))
                        ORDER BY c2.last_checked_at NULLS FIRST, c2.id
                        LIMIT $1
                          FOR UPDATE OF c2 SKIP LOCKED)
                RETURNING \s""" + C_COLUMNS + ", " + ProviderRepository.JOINED_COLUMNS)
                .execute(Tuple.of(limit, seconds(interval)))
                .map(rows -> {
                    List<LeasedRow> claimed = new ArrayList<>();
                    rows.forEach(r -> claimed.add(row(r)));
                    return claimed;
                });
    }

    /** Moves {@code last_used_at} forward for many connections in one statement. */
    public Uni<Void> recordUse(List<UUID> ids, List<Instant> times) {
        return pool.preparedQuery("""
                UPDATE connections c SET last_used_at = u.at
                  FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at)
                 WHERE c.id = u.id AND (c.last_used_at IS NULL OR c.last_used_at < u.at)""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), times.stream().map(ConnectionStore::odt)
                        .toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------- key rotation
    // One raw statement per row with a compare-and-swap on key id and version: a concurrent refresh is never
    // overwritten, and a rewrapped row moves the version like any other write.

    @Override
    public String name() {
        return Connection.TABLE;
    }

    @Override
    public Uni<Map<String, Long>> rowsPerKey() {
        return pool.query("SELECT key_id, count(*) AS n FROM connections GROUP BY key_id").execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(row -> counts.put(row.getString("key_id"), row.getLong("n")));
            return counts;
        });
    }

    @Override
    public Uni<List<SealedRow>> sealedWithOtherKey(String keyId, UUID after, int limit) {
        return pool.preparedQuery("SELECT id, key_id, version, access_token, refresh_token FROM connections "
                + "WHERE key_id <> $1 AND id > $2 ORDER BY id LIMIT $3").execute(Tuple.of(keyId, after, limit))
                .map(rows -> {
                    List<SealedRow> sealed = new ArrayList<>();
                    rows.forEach(row -> {
                        Map<String, byte[]> columns = new LinkedHashMap<>();
                        columns.put("access_token", bytes(row, "access_token"));
                        columns.put("refresh_token", bytes(row, "refresh_token"));
                        sealed.add(new SealedRow(row.getUUID("id"), row.getString("key_id"), row.getLong("version"),
                                columns));
                    });
                    return sealed;
                });
    }

    @Override
    public Uni<Boolean> replaceSealed(SealedRow row, Map<String, byte[]> resealed, String keyId) {
        return pool.preparedQuery("""
                UPDATE connections SET key_id = $3, access_token = $4, refresh_token = $5, version = version + 1
                 WHERE id = $1 AND key_id = $2 AND version = $6""")
                .execute(Tuple.from(Arrays.asList(row.id(), row.keyId(), keyId, buffer(resealed.get("access_token")),
                        buffer(resealed.get("refresh_token")), row.version())))
                .map(result -> result.rowCount() == 1);
    }

    // ------------------------------------------------------------------------------------------ row mapping

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static byte[] bytes(Row row, String column) {
        var buffer = row.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }

    private static Buffer buffer(byte[] bytes) {
        return bytes == null ? null : Buffer.buffer(bytes);
    }

    private static LeasedRow first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? row(it.next()) : null;
    }

    private static List<Connection> connections(RowSet<Row> rows) {
        List<Connection> found = new ArrayList<>();
        rows.forEach(r -> found.add(row(r).connection()));
        return found;
    }

    private static Connection firstConnection(RowSet<Row> rows) {
        LeasedRow row = first(rows);
        return row == null ? null : row.connection();
    }

    private static LeasedRow row(Row r) {
        Connection c = new Connection();
        c.id = r.getUUID("id");
        c.projectId = r.getUUID("project_id");
        c.ownerId = r.getUUID("owner_id");
        c.provider = r.getString("provider");
        c.subject = r.getString("subject");
        c.externalAccount = r.getString("external_account");
        c.accessToken = bytes(r, "access_token");
        c.refreshToken = bytes(r, "refresh_token");
        c.accessFingerprint = r.getString("access_fingerprint");
        c.refreshFingerprint = r.getString("refresh_fingerprint");
        c.keyId = r.getString("key_id");
        c.tokenType = r.getString("token_type");
        c.expiresAt = instant(r, "expires_at");
        c.scopes = r.getString("scopes");
        c.state = State.valueOf(r.getString("state"));
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
        c.reauthDueAt = instant(r, "reauth_due_at");
        c.grantExpiresAt = instant(r, "grant_expires_at");
        c.lastCheckedAt = instant(r, "last_checked_at");
        Provider provider = r.getColumnIndex("p_name") >= 0 ? ProviderRepository.fromJoinedRow(r) : null;
        boolean interrupted = r.getColumnIndex("interrupted") >= 0 && Boolean.TRUE.equals(r.getBoolean("interrupted"));
        return new LeasedRow(c, r.getString("lease_owner"), instant(r, "lease_until"), provider, interrupted);
    }
}
