package dev.tokenvault.apikey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.outbox.Outbox;
import dev.tokenvault.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The owner of {@code api_keys}: every statement on the table is here. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    static final String FIND_BY_HASH = """
            SELECT id, project_id, prefix, permissions, providers, connection_ids, expires_at, last_used_at
              FROM api_keys WHERE key_hash = $1""";
    static final String TOUCH = "UPDATE api_keys SET last_used_at = $2 WHERE id = $1";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** A key as the authentication layer sees it. */
    public record StoredKey(UUID id, UUID projectId, String prefix, String permissions, String providers,
            String connectionIds, Instant expiresAt, Instant lastUsedAt) {
    }

    /**
     * The key with this SHA-256, or null. Raw reactive client: it runs in the authentication layer on every
     * request a key makes, before any Hibernate session exists, and needs one indexed round trip.
     */
    public Uni<StoredKey> findByHash(byte[] hash) {
        return pool.preparedQuery(FIND_BY_HASH).execute(Tuple.of(Buffer.buffer(hash))).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row row = it.next();
            return new StoredKey(row.getUUID("id"), row.getUUID("project_id"), row.getString("prefix"),
                    row.getString("permissions"), row.getString("providers"), row.getString("connection_ids"),
                    instant(row, "expires_at"), instant(row, "last_used_at"));
        });
    }

    /** Records a use of the key (callers write it at most once a minute per key). */
    public Uni<Void> touch(UUID id, Instant at) {
        return pool.preparedQuery(TOUCH).execute(Tuple.of(id, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Announces {@code api_key.expiring} for every key that expires within {@code warning} and was not announced yet:
     * marks them and writes the events in one statement (replicas racing announce each key once). Answers how many.
     */
    public Uni<Integer> announceExpiring(java.time.Duration warning) {
        return pool.preparedQuery("WITH changed AS (UPDATE api_keys k SET expiry_warned_at = now() "
                + "WHERE k.expires_at IS NOT NULL AND k.expires_at > now() "
                + "AND k.expires_at <= now() + make_interval(secs => $1) AND k.expiry_warned_at IS NULL RETURNING k.*), "
                + "events AS (" + Outbox.insertSelect("k.project_id", "'" + Outbox.API_KEY_EXPIRING + "'",
                        "jsonb_build_object('api_key_id', k.id, 'project', k.project_id, 'name', k.name, "
                                + "'prefix', k.prefix, 'expires_at', k.expires_at)", "changed k") + ") "
                + "SELECT count(*) AS n FROM changed")
                .execute(Tuple.of((double) warning.toSeconds()))
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    /** A key as a leak lookup reports it. */
    public record LeakedKey(UUID id, UUID projectId, String name, String prefix, Instant createdAt,
            Instant lastUsedAt) {
    }

    /** The keys with this SHA-256 (when the key itself is known) or this fingerprint. */
    public Uni<List<LeakedKey>> findLeaked(byte[] hash, String fingerprint) {
        return pool.preparedQuery("SELECT id, project_id, name, prefix, created_at, last_used_at FROM api_keys "
                + "WHERE key_hash = $1 OR fingerprint = $2")
                .execute(Tuple.of(hash == null ? null : Buffer.buffer(hash), fingerprint))
                .map(rows -> {
                    List<LeakedKey> found = new java.util.ArrayList<>();
                    rows.forEach(r -> found.add(new LeakedKey(r.getUUID("id"), r.getUUID("project_id"),
                            r.getString("name"), r.getString("prefix"), instant(r, "created_at"),
                            instant(r, "last_used_at"))));
                    return found;
                });
    }

    /**
     * Revokes a leaked key: deletes it (it stops working on every replica at once: keys are not cached) and writes
     * {@code api_key.leaked} with {@code details} in the same statement. Answers whether the key was there.
     */
    public Uni<Boolean> revokeLeaked(UUID id, Map<String, Object> details) {
        return pool.preparedQuery("WITH gone AS (DELETE FROM api_keys k WHERE k.id = $1 RETURNING k.*), "
                + "events AS (" + Outbox.insertSelect("k.project_id", "'" + Outbox.API_KEY_LEAKED + "'",
                        "jsonb_build_object('api_key_id', k.id, 'project', k.project_id, 'name', k.name, "
                                + "'prefix', k.prefix) || $2::jsonb", "gone k") + ") "
                + "SELECT count(*) AS n FROM gone")
                .execute(Tuple.of(id, new io.vertx.core.json.JsonObject(new java.util.LinkedHashMap<>(details))))
                .map(rows -> rows.iterator().next().getLong("n") > 0);
    }

    @WithTransaction
    public Uni<ApiKey> add(ApiKey key) {
        return persist(key);
    }

    /** The project's keys in creation order: {@code size + 1} rows, the extra one telling that there is more. */
    @WithSession
    public Uni<List<ApiKey>> listInProject(UUID project, PageRequest page) {
        if (page.after() == null) {
            return find("projectId = ?1 order by createdAt, id", project).range(0, page.size()).list();
        }
        return find("projectId = :project and (createdAt > :at or (createdAt = :at and id > :id)) order by createdAt, id",
                Parameters.with("project", project).and("at", page.after().at()).and("id", page.after().id()))
                .range(0, page.size()).list();
    }

    /** The key when it belongs to the project; null otherwise. */
    @WithSession
    public Uni<ApiKey> findInProject(UUID id, UUID project) {
        return find("id = ?1 and projectId = ?2", id, project).firstResult();
    }

    /** Deletes the key when it belongs to the project; false otherwise. */
    @WithTransaction
    public Uni<Boolean> deleteInProject(UUID id, UUID project) {
        return delete("id = ?1 and projectId = ?2", id, project).map(count -> count > 0);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
