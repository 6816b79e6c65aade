package dev.tokenvault.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.TokenvaultConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;

/**
 * Delivers webhooks, on every replica that has them enabled. Each round turns outbox events into deliveries and
 * sends the due ones: up to {@code batch} at once, {@code concurrency} in flight, each leased to this replica for
 * the attempt (so no two replicas send the same attempt, and one that dies leaves it to another after the lease).
 * {@code 2xx} ends a delivery; {@code 410 Gone} ends it and disables the endpoint; anything else is tried again
 * after the next delay of the retry schedule (with up to 10 % jitter) until the schedule is used up, and an endpoint
 * whose every attempt failed for {@code disable-after} events in a row is disabled.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final int FAN_OUT_BATCH = 500;
    static final int MAX_BATCHES_PER_ROUND = 20;
    static final Duration DEPTH_EVERY = Duration.ofSeconds(5);

    private final DeliveryStore deliveries;
    private final WebhookEndpointRepository endpoints;
    private final WebhookSender sender;
    private final Sealer sealer;
    private final TokenvaultConfig.Webhooks config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<DeliveryStore.Depth> depth = new AtomicReference<>(new DeliveryStore.Depth(0, 0));
    private final AtomicLong depthReadAt = new AtomicLong();
    private volatile long timer = -1;

    public WebhookDispatcher(DeliveryStore deliveries, WebhookEndpointRepository endpoints, WebhookSender sender,
            Sealer sealer, TokenvaultConfig config, Vertx vertx, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.sender = sender;
        this.sealer = sealer;
        this.config = config.webhooks();
        this.vertx = vertx;
        this.meters = meters;
        Gauge.builder("tokenvault.webhook.pending", depth, d -> d.get().pending())
                .description("Webhook events and deliveries not delivered yet (as last read)").register(meters);
        Gauge.builder("tokenvault.webhook.oldest.pending.seconds", depth, d -> d.get().oldestSeconds())
                .description("Age of the oldest webhook event not delivered yet").register(meters);
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> tick());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return; // the last round is still going
        }
        round().subscribe().with(ignored -> running.set(false), failure -> {
            running.set(false);
            LOG.debugf("webhook round failed: %s", failure.getClass().getSimpleName());
        });
    }

    /** One round: events into deliveries, then due deliveries sent, batch after batch while there are more. */
    public Uni<Integer> round() {
        return deliveries.fanOut(FAN_OUT_BATCH)
                .flatMap(events -> events >= FAN_OUT_BATCH ? deliveries.fanOut(FAN_OUT_BATCH) : Uni.createFrom().item(0L))
                .flatMap(ignored -> sendDue(0, 0))
                .call(this::readDepthNowAndThen);
    }

    private Uni<Integer> sendDue(int batches, int sent) {
        return deliveries.claim(config.batch(), lease())
                .flatMap(due -> due.isEmpty() ? Uni.createFrom().item(sent)
                        : Multi.createFrom().iterable(due)
                                .onItem().transformToUni(this::attempt).merge(config.concurrency())
                                .collect().asList()
                                .flatMap(done -> due.size() == config.batch() && batches + 1 < MAX_BATCHES_PER_ROUND
                                        ? sendDue(batches + 1, sent + due.size())
                                        : Uni.createFrom().item(sent + due.size())));
    }

    private Duration lease() {
        return config.connectTimeout().plus(config.answerTimeout()).plusSeconds(10);
    }

    /** One attempt of one delivery, recorded whatever happens. */
    Uni<Void> attempt(DeliveryStore.Due due) {
        if (!due.endpointEnabled()) {
            return finish(due, "failed", null, null, "endpoint_disabled");
        }
        String secret = sealer.openString(due.sealedSecret(), sealedField(due));
        String id = due.eventId().toString();
        long timestamp = Instant.now().getEpochSecond();
        String body = body(due);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(secret, id, timestamp, body));
        headers.put("User-Agent", "tokenvault-webhooks");
        return sender.post(due.url(), headers, body)
                .flatMap(status -> outcome(due, status))
                .onFailure(WebhookSender.NotSent.class)
                .recoverWithUni(e -> retryOrGiveUp(due, null, ((WebhookSender.NotSent) e).outcome()))
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("webhook delivery %s not recorded: %s", due.id(), e.getClass().getSimpleName());
                    return Uni.createFrom().voidItem(); // the lease runs out, and the attempt is made again
                });
    }

    private static dev.tokenvault.crypto.SealedField sealedField(DeliveryStore.Due due) {
        return dev.tokenvault.crypto.SealedField.of(WebhookEndpoint.TABLE, due.endpointId(), "secret");
    }

    /** The body, the same for every attempt: the event's type, time and data (which never hold a token). */
    static String body(DeliveryStore.Due due) {
        return new JsonObject().put("type", due.type()).put("timestamp", due.eventAt().toString())
                .put("data", due.payload()).encode();
    }

    private Uni<Void> outcome(DeliveryStore.Due due, int status) {
        if (status >= 200 && status < 300) {
            return finish(due, "delivered", null, status, "delivered").call(() -> endpoints.delivered(due.endpointId()));
        }
        if (status == 410) {
            return finish(due, "failed", null, status, "gone")
                    .call(() -> endpoints.disable(due.endpointId(), "the endpoint answered 410 Gone"));
        }
        return retryOrGiveUp(due, status, "failed");
    }

    private Uni<Void> retryOrGiveUp(DeliveryStore.Due due, Integer status, String outcome) {
        List<Duration> schedule = config.retrySchedule();
        if (due.attempt() <= schedule.size()) {
            Duration delay = schedule.get(due.attempt() - 1);
            long jitter = delay.toMillis() / 10 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay.toMillis() / 10 + 1);
            return finish(due, "pending", Instant.now().plus(delay).plusMillis(jitter), status, outcome);
        }
        return finish(due, "failed", null, status, outcome)
                .call(() -> endpoints.eventFailed(due.endpointId(), config.disableAfter()));
    }

    private Uni<Void> finish(DeliveryStore.Due due, String status, Instant next, Integer code, String outcome) {
        counter(outcome, status).increment();
        return deliveries.recordAttempt(due, status, next, code, outcome);
    }

    private Counter counter(String outcome, String status) {
        return Counter.builder("tokenvault.webhook.attempts").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).tag("delivery", status).register(meters);
    }

    private Uni<Void> readDepthNowAndThen(Integer ignored) {
        long now = System.nanoTime();
        long last = depthReadAt.get();
        if (last != 0 && now - last < DEPTH_EVERY.toNanos()) {
            return Uni.createFrom().voidItem();
        }
        depthReadAt.set(now);
        return deliveries.depth().invoke(depth::set).replaceWithVoid().onFailure().recoverWithNull();
    }
}
