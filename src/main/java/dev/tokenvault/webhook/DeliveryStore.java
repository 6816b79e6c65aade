package dev.tokenvault.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.tokenvault.outbox.Outbox;
import dev.tokenvault.platform.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The owner of {@code webhook_deliveries} and {@code webhook_attempts}: one delivery per event and endpoint, and one
 * attempt row per try. Raw reactive client throughout: the worker runs outside any request, each step is one
 * statement, and no row is locked while a receiver is called (a delivery is leased, as a refresh is).
 */
@ApplicationScoped
public class DeliveryStore {

    private final Pool pool;

    public DeliveryStore(Pool pool) {
        this.pool = pool;
    }

    /** A delivery taken by this replica for one attempt, with its endpoint. */
    public record Due(UUID id, UUID eventId, UUID endpointId, String type, JsonObject payload, Instant eventAt,
            int attempt, String url, byte[] sealedSecret, boolean endpointEnabled) {
    }

    /** What an attempt looked like, as {@code GET .../deliveries} lists it. */
    @Schema(name = "DeliveryAttempt")
    public record Attempt(UUID id, UUID eventId, String type, int attempt, Integer statusCode, String outcome,
            Instant at, Instant nextAttemptAt) {
    }

    static final String FAN_OUT = "WITH ev AS (" + Outbox.claim("$1") + "), "
            + "ins AS (INSERT INTO webhook_deliveries (id, event_id, endpoint_id, type, payload, event_at, status, "
            + "attempts, next_attempt_at, created_at) SELECT gen_random_uuid(), ev.id, e.id, ev.type, ev.payload, "
            + "ev.created_at, 'pending', 0, now(), now() FROM ev " + WebhookEndpointRepository.subscribersOf("ev")
            + " RETURNING 1) SELECT (SELECT count(*) FROM ev) AS events, (SELECT count(*) FROM ins) AS deliveries";

    /**
     * Turns up to {@code limit} outbox events into deliveries, one per enabled endpoint of the event's project that
     * wants its type, in one statement: an event leaves the outbox exactly when its deliveries exist. Answers how
     * many events were taken.
     */
    public Uni<Long> fanOut(int limit) {
        return pool.preparedQuery(FAN_OUT).execute(Tuple.of(limit))
                .map(rows -> rows.iterator().next().getLong("events"));
    }

    /**
     * Takes up to {@code limit} due deliveries for one attempt each: leased to this replica for {@code lease} (no
     * other replica takes them meanwhile; one that dies mid-attempt leaves them to be taken again after it).
     */
    public Uni<List<Due>> claim(int limit, Duration lease) {
        return pool.preparedQuery("""
                UPDATE webhook_deliveries d SET lease_until = now() + make_interval(secs => $2), attempts = d.attempts + 1
                  FROM webhook_endpoints e
                 WHERE e.id = d.endpoint_id AND d.id IN (
                       SELECT id FROM webhook_deliveries
                        WHERE status = 'pending' AND next_attempt_at <= now()
                          AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.event_id, d.endpoint_id, d.type, d.payload, d.event_at, d.attempts,\s"""
                + WebhookEndpointRepository.DELIVERY_COLUMNS)
                .execute(Tuple.of(limit, (double) lease.toMillis() / 1000))
                .map(rows -> {
                    List<Due> due = new ArrayList<>();
                    rows.forEach(r -> due.add(new Due(r.getUUID("id"), r.getUUID("event_id"), r.getUUID("endpoint_id"),
                            r.getString("type"), r.getJsonObject("payload"), instant(r, "event_at"),
                            r.getInteger("attempts"), r.getString("e_url"), r.getBuffer("e_secret").getBytes(),
                            r.getBoolean("e_enabled"))));
                    return due;
                });
    }

    /**
     * Records an attempt and what follows: {@code pending} again at {@code nextAttemptAt}, or finished as
     * {@code delivered} or {@code failed}. One statement for the delivery and its attempt row.
     */
    public Uni<Void> recordAttempt(Due due, String status, Instant nextAttemptAt, Integer statusCode, String outcome) {
        return pool.preparedQuery("""
                WITH d AS (UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, lease_until = NULL,
                                  finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE now() END
                            WHERE id = $1 RETURNING id, endpoint_id, event_id, type)
                INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, event_id, type, attempt, status_code,
                                              outcome, at, next_attempt_at)
                SELECT gen_random_uuid(), d.id, d.endpoint_id, d.event_id, d.type, $4, $5, $6, now(), $3 FROM d""")
                .execute(Tuple.from(Arrays.asList(due.id(), status, odt(nextAttemptAt), due.attempt(), statusCode,
                        outcome)))
                .replaceWithVoid();
    }

    /** A {@code ping} for one endpoint, due now. */
    public Uni<UUID> ping(UUID endpointId, JsonObject payload) {
        UUID eventId = UUID.randomUUID();
        return pool.preparedQuery("""
                INSERT INTO webhook_deliveries (id, event_id, endpoint_id, type, payload, event_at, status, attempts,
                                                next_attempt_at, created_at)
                VALUES ($1, $2, $3, $4, $5, now(), 'pending', 0, now(), now())""")
                .execute(Tuple.of(UUID.randomUUID(), eventId, endpointId, Outbox.PING, payload))
                .replaceWith(eventId);
    }

    /** The endpoint's attempts, newest first, after the page's cursor: {@code size + 1} rows. */
    public Uni<List<Attempt>> attempts(UUID endpointId, PageRequest page) {
        String after = page.after() == null ? "" : " AND (at, id) < ($3, $4)";
        Tuple params = page.after() == null ? Tuple.of(endpointId, page.size() + 1)
                : Tuple.of(endpointId, page.size() + 1, odt(page.after().at()), page.after().id());
        return pool.preparedQuery("SELECT id, event_id, type, attempt, status_code, outcome, at, next_attempt_at "
                + "FROM webhook_attempts WHERE endpoint_id = $1" + after + " ORDER BY at DESC, id DESC LIMIT $2")
                .execute(params)
                .map(rows -> {
                    List<Attempt> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Attempt(r.getUUID("id"), r.getUUID("event_id"), r.getString("type"),
                            r.getInteger("attempt"), r.getInteger("status_code"), r.getString("outcome"),
                            instant(r, "at"), instant(r, "next_attempt_at"))));
                    return list;
                });
    }

    /** Deliveries and events still to go, and the age in seconds of the oldest (0 when none): for the metrics. */
    public record Depth(long pending, double oldestSeconds) {
    }

    public Uni<Depth> depth() {
        return pool.query("SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') + o.n AS pending, "
                + "greatest(coalesce((SELECT extract(epoch FROM now() - min(created_at)) FROM webhook_deliveries "
                + "WHERE status = 'pending'), 0), o.oldest) AS oldest FROM (" + Outbox.DEPTH + ") o").execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Depth(r.getLong("pending"), r.getNumeric("oldest").doubleValue());
                });
    }

    /** Forgets finished deliveries (and their attempts) older than {@code keep}. */
    public Uni<Integer> purge(Duration keep) {
        return pool.preparedQuery("DELETE FROM webhook_deliveries WHERE status <> 'pending' "
                + "AND finished_at < now() - make_interval(secs => $1)").execute(Tuple.of((double) keep.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
