package dev.tokenvault.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Writes audit events durably, with group commit: an event's {@link Uni} completes only after the batch
 * holding it is committed, so a caller can refuse to hand out a token whose audit record failed (fail
 * closed). Events that arrive while batches are in flight ride together in the next one, so concurrent
 * token reads never queue behind each other's inserts one by one: one pipelined round trip per batch
 * ({@link AuditRepository#insertBatch}).
 */
@ApplicationScoped
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);

    private final AuditRepository events;
    private final int maxBatch;
    private final int maxInflight;
    private final int maxQueued;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inflight = new AtomicInteger();
    private final Counter rejected;

    public AuditWriter(AuditRepository events, TokenvaultConfig config, MeterRegistry meters) {
        this.events = events;
        this.maxQueued = config.audit().maxQueued();
        this.rejected = Counter.builder("tokenvault.audit.rejected")
                .description("audit events refused because the writer's queue was full (their actions did not happen)")
                .register(meters);
        Gauge.builder("tokenvault.audit.queued", queued, AtomicInteger::get)
                .description("audit events waiting for a batch").register(meters);
        this.maxBatch = config.audit().maxBatch();
        this.maxInflight = config.audit().maxInflightBatches();
    }

    /**
     * Completes when the event is committed; fails when it could not be written, or at once when
     * {@code max-queued} events are already waiting (the database cannot keep up: the action is refused rather
     * than queued without bound).
     */
    public Uni<Void> record(AuditEvent event) {
        return Uni.createFrom().emitter(emitter -> {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                rejected.increment();
                emitter.fail(new AuditUnavailable());
                return;
            }
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
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                inflight.decrementAndGet();
            } else {
                write(batch);
            }
        }
    }

    private void write(List<Pending> batch) {
        events.insertBatch(batch.stream().map(Pending::event).toList()).subscribe().with(
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
    public static class AuditUnavailable extends ApiException {
        public AuditUnavailable() {
            super(503, "audit_unavailable", "the audit log cannot be written right now; nothing was handed out", 5L);
        }
    }
}
