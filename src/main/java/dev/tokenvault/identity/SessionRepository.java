package dev.tokenvault.identity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The owner of {@code sessions}: every statement on the table is here. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    private final Pool pool;

    public SessionRepository(Pool pool) {
        this.pool = pool;
    }

    /** A session as the authentication layer checks it: with its user's current name, roles and standing. */
    public record LiveSession(UUID id, UUID userId, String username, String roles, boolean disabled,
            Instant lastSeenAt, Instant expiresAt) {
    }

    /**
     * The session and its user, or null. Raw reactive client: it runs in the authentication layer (before any
     * Hibernate session exists) for each session at most once per cache lifetime, in one round trip.
     */
    public Uni<LiveSession> findLive(UUID id) {
        return pool.preparedQuery("""
                SELECT s.id, s.user_id, s.last_seen_at, s.expires_at, u.username, u.roles, u.disabled
                  FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.id = $1""").execute(Tuple.of(id)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new LiveSession(row.getUUID("id"), row.getUUID("user_id"), row.getString("username"),
                            row.getString("roles"), row.getBoolean("disabled"),
                            row.getOffsetDateTime("last_seen_at").toInstant(),
                            row.getOffsetDateTime("expires_at").toInstant());
                });
    }

    /** Moves {@code last_seen_at} forward for many sessions in one statement. */
    public Uni<Void> recordActivity(List<UUID> ids, List<Instant> times) {
        return pool.preparedQuery("""
                UPDATE sessions s SET last_seen_at = a.at
                  FROM unnest($1::uuid[], $2::timestamptz[]) AS a(id, at)
                 WHERE s.id = a.id AND s.last_seen_at < a.at""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), times.stream()
                        .map(t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC)).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    @WithTransaction
    public Uni<Session> add(Session session) {
        return persist(session);
    }

    /** The user's sessions that have not reached their absolute end, newest first. */
    @WithSession
    public Uni<List<Session>> listOf(UUID userId, Instant now) {
        return find("userId = ?1 and expiresAt > ?2 order by createdAt desc, id", userId, now).list();
    }

    /** Ends one of the user's sessions; false when there is no such session of theirs. */
    @WithTransaction
    public Uni<Boolean> end(UUID id, UUID userId) {
        return delete("id = ?1 and userId = ?2", id, userId).map(count -> count > 0);
    }

    /** Ends every session of the user but {@code keep} (null: all of them); answers the ids that ended. */
    @WithTransaction
    public Uni<List<UUID>> endAllOf(UUID userId, UUID keep) {
        return find("userId = ?1", userId).list().flatMap(sessions -> {
            List<UUID> ended = sessions.stream().map(s -> s.id).filter(id -> !id.equals(keep)).toList();
            return ended.isEmpty() ? Uni.createFrom().item(ended)
                    : delete("id in ?1", ended).replaceWith(ended);
        });
    }

    /** Forgets sessions past their absolute end. */
    public Uni<Integer> purgeEndedBefore(Instant before) {
        return pool.preparedQuery("DELETE FROM sessions WHERE expires_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }
}
