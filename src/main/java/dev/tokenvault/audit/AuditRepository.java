package dev.tokenvault.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

    /**
     * A whole batch in one statement (one row per array element): one executor run and one commit per batch, where
     * a statement per event cost PostgreSQL about three times as much (docs/performance.md).
     */
    static final String INSERT = """
            INSERT INTO audit_events (id, at, actor_kind, actor_subject, action, connection_id, project_id,
                provider, outcome, status_code, app_name, purpose, ip, user_agent, latency_ms, token_fingerprint,
                error_code)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                $7::uuid[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[],
                $15::int[], $16::text[], $17::text[])""";

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
     * Writes a batch of events in one statement. Raw reactive client: the group-commit writer runs outside any
     * request's session, and one statement replaces an ORM flush per event (bench/ token read).
     */
    Uni<Void> insertBatch(List<AuditEvent> events) {
        return pool.preparedQuery(INSERT).execute(columns(events)).replaceWithVoid();
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

    /** The batch as the 17 column arrays of {@link #INSERT}. */
    static Tuple columns(List<AuditEvent> events) {
        int n = events.size();
        UUID[] id = new UUID[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] actorKind = new String[n];
        String[] actorSubject = new String[n];
        String[] action = new String[n];
        UUID[] connectionId = new UUID[n];
        UUID[] projectId = new UUID[n];
        String[] provider = new String[n];
        String[] outcome = new String[n];
        Integer[] statusCode = new Integer[n];
        String[] appName = new String[n];
        String[] purpose = new String[n];
        String[] ip = new String[n];
        String[] userAgent = new String[n];
        Integer[] latencyMs = new Integer[n];
        String[] tokenFingerprint = new String[n];
        String[] errorCode = new String[n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            id[i] = e.id;
            at[i] = OffsetDateTime.ofInstant(e.at, ZoneOffset.UTC);
            actorKind[i] = e.actorKind;
            actorSubject[i] = e.actorSubject;
            action[i] = e.action;
            connectionId[i] = e.connectionId;
            projectId[i] = e.projectId;
            provider[i] = e.provider;
            outcome[i] = e.outcome;
            statusCode[i] = e.statusCode;
            appName[i] = e.appName;
            purpose[i] = e.purpose;
            ip[i] = e.ip;
            userAgent[i] = e.userAgent;
            latencyMs[i] = e.latencyMs;
            tokenFingerprint[i] = e.tokenFingerprint;
            errorCode[i] = e.errorCode;
        }
        return Tuple.from(List.<Object>of(id, at, actorKind, actorSubject, action, connectionId, projectId, provider,
                outcome, statusCode, appName, purpose, ip, userAgent, latencyMs, tokenFingerprint, errorCode));
    }

    static List<String> newWhere() {
        return new ArrayList<>();
    }
}
