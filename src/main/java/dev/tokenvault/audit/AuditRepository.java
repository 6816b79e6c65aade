package dev.tokenvault.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The owner of {@code audit_events}: every statement on the table is here. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditRecord, UUID> {

    static final String INSERT = """
            INSERT INTO audit_events (id, at, actor_kind, actor_subject, action, connection_id, project_id,
                provider, outcome, status_code, app_name, purpose, ip, user_agent, latency_ms, token_fingerprint,
                error_code)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)""";

    static final String COUNT_LOGIN_FAILURES = """
            SELECT count(*) FILTER (WHERE actor_subject = $1 AND ip = $2) AS by_user_and_ip,
                   count(*) FILTER (WHERE ip = $2)                        AS by_ip,
                   count(*) FILTER (WHERE actor_subject = $1)             AS by_user
              FROM audit_events
             WHERE action = 'auth.failure' AND error_code = 'invalid_credentials' AND at > $3
               AND actor_subject IS NOT NULL
               AND (actor_subject = $1 OR ip = $2)""";

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes a batch of events in one pipelined round trip. Raw reactive client: the group-commit writer runs
     * outside any request's session, and one batch statement replaces an ORM flush per event (bench/ token read).
     */
    Uni<Void> insertBatch(List<AuditEvent> events) {
        List<Tuple> rows = events.stream().map(AuditRepository::toTuple).toList();
        return pool.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /** Failed logins since {@code since}: by this username from this address, from this address, for this username. */
    public Uni<LoginFailures> countLoginFailures(String username, String ip, Instant since) {
        // one round trip before any user is known: both counts come from one index scan
        return pool.preparedQuery(COUNT_LOGIN_FAILURES)
                .execute(Tuple.of(username, ip, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new LoginFailures(row.getLong("by_user_and_ip"), row.getLong("by_ip"),
                            row.getLong("by_user"));
                });
    }

    /** Failed logins counted for the login throttle: for this username from this address, from this address, for this username. */
    public record LoginFailures(long byUserAndIp, long byIp, long byUser) {
    }

    /** Events matching {@code where} (HQL over {@link AuditRecord}), newest first: {@code limit} rows. */
    @WithSession
    Uni<List<AuditRecord>> newestFirst(List<String> where, Parameters params, int limit) {
        String hql = (where.isEmpty() ? "" : "where " + String.join(" and ", where)) + " order by at desc, id desc";
        return find(hql, params).range(0, limit - 1).list();
    }

    /** The last {@code limit} events of one action on a connection, newest first. */
    @WithSession
    Uni<List<AuditRecord>> recent(UUID connectionId, String action, int limit) {
        return find("connectionId = ?1 and action = ?2 order by at desc", connectionId, action).range(0, limit - 1)
                .list();
    }

    /** Events with this token fingerprint, oldest first ({@code audit_fingerprint_idx}). */
    @WithSession
    Uni<List<AuditRecord>> withFingerprint(String fingerprint, int limit) {
        return find("tokenFingerprint = ?1 order by at, id", fingerprint).range(0, limit - 1).list();
    }

    private static Tuple toTuple(AuditEvent e) {
        return Tuple.from(Arrays.asList(e.id, OffsetDateTime.ofInstant(e.at, ZoneOffset.UTC), e.actorKind,
                e.actorSubject, e.action, e.connectionId, e.projectId, e.provider, e.outcome, e.statusCode,
                e.appName, e.purpose, e.ip, e.userAgent, e.latencyMs, e.tokenFingerprint, e.errorCode));
    }

    static List<String> newWhere() {
        return new ArrayList<>();
    }
}
