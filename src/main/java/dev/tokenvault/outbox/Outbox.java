package dev.tokenvault.outbox;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The owner of {@code outbox_events}. An event is written with the change that causes it: through {@link #add} in
 * the caller's Hibernate transaction, or, for a change made by one raw statement, by that statement itself
 * ({@link #insertSelect}: a data-modifying clause the owner of the changed table puts into its statement). The
 * webhook package takes events out with {@link #claim}, inside its own statement.
 */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxEvent, UUID> {

    public static final String CONNECTION_CREATED = "connection.created";
    public static final String CONNECTION_DELETED = "connection.deleted";
    public static final String CONNECTION_NEEDS_REAUTH = "connection.needs_reauth";
    public static final String CONNECTION_REFRESH_FAILED = "connection.refresh_failed";
    public static final String CONNECTION_RECOVERED = "connection.recovered";
    public static final String CONNECTION_REAUTH_DUE = "connection.reauth_due";
    public static final String API_KEY_EXPIRING = "api_key.expiring";
    public static final String API_KEY_LEAKED = "api_key.leaked";
    /** A connection's token was reported leaked and revoked ({@code POST /v1/leaks/revoke}). */
    public static final String CONNECTION_LEAKED = "connection.leaked";
    public static final String PING = "ping";

    /** Writes an event in the current transaction (joins the caller's {@code @WithTransaction}). */
    @WithTransaction
    public Uni<OutboxEvent> add(UUID project, String type, Map<String, Object> payload) {
        return persist(OutboxEvent.of(project, type, payload));
    }

    /**
     * The clause that writes events from a statement's own rows: {@code INSERT ... SELECT} of one event per row of
     * {@code from} where {@code typeExpression} is not null. For a {@code WITH} clause of the changing statement.
     */
    public static String insertSelect(String projectExpression, String typeExpression, String payloadExpression,
            String from) {
        return "INSERT INTO outbox_events (id, project_id, type, payload, created_at) SELECT gen_random_uuid(), "
                + projectExpression + ", t.type, " + payloadExpression + ", now() FROM " + from
                + " CROSS JOIN LATERAL (SELECT " + typeExpression + " AS type) t WHERE t.type IS NOT NULL";
    }

    /**
     * The clause that takes up to {@code limitParameter} of the oldest events out of the outbox, one replica at a
     * time per event ({@code SKIP LOCKED}), answering {@code id, project_id, type, payload, created_at}. For a
     * {@code WITH} clause of the statement that turns them into deliveries, so that both happen together.
     */
    public static String claim(String limitParameter) {
        return "DELETE FROM outbox_events WHERE id IN (SELECT id FROM outbox_events ORDER BY created_at, id LIMIT "
                + limitParameter + " FOR UPDATE SKIP LOCKED) RETURNING id, project_id, type, payload, created_at";
    }

    /** How many events wait, and the age of the oldest in seconds (0 when none): for the metrics. */
    public static final String DEPTH = "SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0) "
            + "AS oldest FROM outbox_events";
}
