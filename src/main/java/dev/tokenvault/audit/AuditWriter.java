package dev.tokenvault.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes audit events durably, with group commit: an event's {@link Uni} completes only after the batch
 * holding it is committed, so a caller can refuse to hand out a token whose audit record failed (fail
 * closed). Events that arrive while batches are in flight ride together in the next one, so concurrent
 * token reads never queue behind each other's inserts one by one. Uses the raw reactive client: one
 * pipelined round trip per batch instead of one ORM flush per event (see bench/ for the token-read figures).
 */
@ApplicationScoped
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);

    static final String INSERT = """
            INSERT INTO audit_events (id, at, actor_kind, actor_subject, action, connection_id, connection_owner,
                provider, outcome, status_code, app_name, purpose, ip, user_agent, latency_ms, token_fingerprint,
                error_code)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)""";

    private final Pool pool;
    private final int maxBatch;
    private final int maxInflight;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inflight = new AtomicInteger();

    public AuditWriter(Pool pool, TokenvaultConfig config) {
        this.pool = pool;
        this.maxBatch = config.audit().maxBatch();
        this.maxInflight = config.audit().maxInflightBatches();
    }

    /** Completes when the event is committed; fails when it could not be written. */
    public Uni<Void> record(AuditEvent event) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending(event, emitter, Vertx.currentContext()));
            drain();
        });
    }

    /** An authentication failure at the API (bad or expired credentials presented). */
    public Uni<Void> authFailure(HttpServerRequest request, String errorCode) {
        return record(AuditEvent.of("auth.failure").request(RequestInfo.of(request)).failure(401, errorCode));
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int current = inflight.get();
            if (current >= maxInflight) {
                return; // a finishing batch drains again
            }
            if (!inflight.compareAndSet(current, current + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inflight.decrementAndGet();
            } else {
                write(batch);
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Tuple> rows = batch.stream().map(p -> toTuple(p.event)).toList();
        pool.preparedQuery(INSERT).executeBatch(rows).subscribe().with(
                ignored -> finish(batch, null),
                failure -> finish(batch, failure));
    }

    private void finish(List<Pending> batch, Throwable failure) {
        inflight.decrementAndGet();
        if (failure != null) {
            LOG.errorf("audit batch of %d events failed: %s", batch.size(), failure.getClass().getSimpleName());
        }
        for (Pending pending : batch) {
            pending.complete(failure);
        }
        drain();
    }

    private static Tuple toTuple(AuditEvent e) {
        return Tuple.from(Arrays.asList(e.id, OffsetDateTime.ofInstant(e.at, ZoneOffset.UTC), e.actorKind,
                e.actorSubject, e.action, e.connectionId, e.connectionOwner, e.provider, e.outcome, e.statusCode,
                e.appName, e.purpose, e.ip, e.userAgent, e.latencyMs, e.tokenFingerprint, e.errorCode));
    }

    private record Pending(AuditEvent event, UniEmitter<? super Void> emitter, Context context) {
        void complete(Throwable failure) {
            Runnable signal = () -> {
                if (failure == null) {
                    emitter.complete(null);
                } else {
                    emitter.fail(new AuditUnavailable());
                }
            };
            if (context != null) {
                context.runOnContext(ignored -> signal.run());
            } else {
                signal.run();
            }
        }
    }

    /** The audit log could not be written; the action it would record must not take effect. */
    public static class AuditUnavailable extends dev.tokenvault.platform.ApiException {
        public AuditUnavailable() {
            super(503, "audit_unavailable", "the audit log cannot be written right now; nothing was handed out", 5L);
        }
    }
}
