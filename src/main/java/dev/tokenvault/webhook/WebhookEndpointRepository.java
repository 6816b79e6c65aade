package dev.tokenvault.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.crypto.SealedTable;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The owner of {@code webhook_endpoints}: every statement on the table is here. Management goes through Hibernate;
 * the delivery worker's bookkeeping (an endpoint that answered {@code 410}, or failed event after event) and key
 * rotation use the raw client, one statement each.
 */
@ApplicationScoped
public class WebhookEndpointRepository implements PanacheRepositoryBase<WebhookEndpoint, UUID>, SealedTable {

    /**
     * A join for another statement of this package: the enabled endpoints {@code e} of the event row
     * {@code eventAlias} (with {@code project_id} and {@code type}) that subscribed to its type.
     */
    static String subscribersOf(String eventAlias) {
        return "JOIN webhook_endpoints e ON e.project_id = " + eventAlias + ".project_id AND e.enabled AND (e.events = '*' "
                + "OR " + eventAlias + ".type = ANY (string_to_array(e.events, ' ')))";
    }

    /** The endpoint columns another statement of this package reads with a due delivery (joined as {@code e}). */
    static final String DELIVERY_COLUMNS = "e.url AS e_url, e.secret AS e_secret, e.enabled AS e_enabled";

    private final Pool pool;

    public WebhookEndpointRepository(Pool pool) {
        this.pool = pool;
    }

    @WithSession
    public Uni<List<WebhookEndpoint>> listInProject(UUID project) {
        return find("projectId = ?1 order by createdAt, id", project).list();
    }

    @WithSession
    public Uni<WebhookEndpoint> findInProject(UUID id, UUID project) {
        return find("id = ?1 and projectId = ?2", id, project).firstResult();
    }

    @WithTransaction
    public Uni<WebhookEndpoint> add(WebhookEndpoint endpoint) {
        return persistAndFlush(endpoint);
    }

    /** Applies {@code change} to the project's endpoint and writes it; null when there is none. */
    @WithTransaction
    public Uni<WebhookEndpoint> change(UUID id, UUID project, Consumer<WebhookEndpoint> change) {
        return findInProject(id, project).call(e -> {
            if (e == null) {
                return Uni.createFrom().nullItem();
            }
            change.accept(e);
            e.updatedAt = Instant.now();
            return flush();
        });
    }

    @WithTransaction
    public Uni<Boolean> removeInProject(UUID id, UUID project) {
        return delete("id = ?1 and projectId = ?2", id, project).map(count -> count > 0);
    }

    // ------------------------------------------------------------------------ delivery bookkeeping (raw)

    /** The endpoint answered {@code 410 Gone}: it wants nothing more. */
    public Uni<Void> disable(UUID id, String reason) {
        return pool.preparedQuery("UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now() "
                + "WHERE id = $1 AND enabled").execute(Tuple.of(id, reason)).replaceWithVoid();
    }

    /** An event reached the endpoint: its run of failed events is over. */
    public Uni<Void> delivered(UUID id) {
        return pool.preparedQuery("UPDATE webhook_endpoints SET failed_events = 0 WHERE id = $1 AND failed_events > 0")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /**
     * Every attempt of an event failed: one more in the endpoint's run, and at {@code disableAfter} the endpoint is
     * disabled (shown so in the API and the UI).
     */
    public Uni<Void> eventFailed(UUID id, int disableAfter) {
        return pool.preparedQuery("""
                UPDATE webhook_endpoints SET failed_events = failed_events + 1,
                       enabled = CASE WHEN failed_events + 1 >= $2 THEN false ELSE enabled END,
                       disabled_reason = CASE WHEN failed_events + 1 >= $2 AND enabled
                                              THEN 'every attempt of the last ' || $2 || ' events failed'
                                              ELSE disabled_reason END,
                       updated_at = now()
                 WHERE id = $1""").execute(Tuple.of(id, disableAfter)).replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------- key rotation

    @Override
    public String name() {
        return WebhookEndpoint.TABLE;
    }

    @Override
    public Uni<Map<String, Long>> rowsPerKey() {
        return pool.query("SELECT key_id, count(*) AS n FROM webhook_endpoints GROUP BY key_id").execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(row -> counts.put(row.getString("key_id"), row.getLong("n")));
            return counts;
        });
    }

    @Override
    public Uni<List<SealedRow>> sealedWithOtherKey(String keyId, UUID after, int limit) {
        return pool.preparedQuery("SELECT id, key_id, secret FROM webhook_endpoints WHERE key_id <> $1 AND id > $2 "
                + "ORDER BY id LIMIT $3").execute(Tuple.of(keyId, after, limit)).map(rows -> {
                    List<SealedRow> sealed = new ArrayList<>();
                    rows.forEach(row -> sealed.add(new SealedRow(row.getUUID("id"), row.getString("key_id"), 0,
                            Map.of("secret", row.getBuffer("secret").getBytes()))));
                    return sealed;
                });
    }

    @Override
    public Uni<Boolean> replaceSealed(SealedRow row, Map<String, byte[]> resealed, String keyId) {
        return pool.preparedQuery("UPDATE webhook_endpoints SET key_id = $3, secret = $4 WHERE id = $1 AND key_id = $2")
                .execute(Tuple.of(row.id(), row.keyId(), keyId, Buffer.buffer(resealed.get("secret"))))
                .map(result -> result.rowCount() == 1);
    }
}
