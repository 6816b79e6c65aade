package dev.tokenvault.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.Connection.State;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.connection.NewTokens;
import dev.tokenvault.connection.ProviderTokens;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.provider.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Gives a connection a fresh token pair through its provider, exactly once however many callers and
 * replicas ask at the same moment.
 *
 * <ul>
 * <li>In one process, callers of the same connection share one memoized {@link Uni}; the entry is dropped
 * when the refresh ends, success or failure.</li>
 * <li>Across replicas, a lease on the connection row (owner, expiry) is taken by a conditional UPDATE;
 * other replicas poll the row with back-off until its version moves, or take the lease over once it has
 * expired (a crashed holder).</li>
 * <li>No database connection or lock is held while the provider is called: every statement is one
 * autocommit round trip ({@link ConnectionStore}).</li>
 * <li>The new pair is written with a compare-and-swap on the version before the refresh counts as done. A
 * failing write is retried for {@code tokenvault.refresh.commit-retry} while the pair is kept in memory and
 * served to callers, so a rotated refresh token is never lost and never reused.</li>
 * <li>{@code invalid_grant} marks the connection NEEDS_REAUTH (no further upstream calls); 429 honours
 * {@code Retry-After}; other failures back off exponentially with jitter. The stored refresh token is kept
 * whatever the provider did.</li>
 * </ul>
 */
@ApplicationScoped
public class RefreshCoordinator {

    private static final Logger LOG = Logger.getLogger(RefreshCoordinator.class);
    static final Duration FIRST_COMMIT_WAIT = Duration.ofSeconds(2);
    static final Duration FIRST_POLL = Duration.ofMillis(25);
    static final Duration MAX_POLL = Duration.ofMillis(500);

    private final ConnectionStore store;
    private final ProviderTokenClient providers;
    private final Sealer sealer;
    private final Keyring keyring;
    private final AuditWriter audit;
    private final Fingerprinter fingerprinter;
    private final TokenvaultConfig.Refresh config;
    private final Backoff backoff;
    private final MeterRegistry meters;
    private final String replica = "replica-" + UUID.randomUUID();

    /**
     * Back-offs this replica decided but could not write (the database was away): honoured here until written
     * or over, so a provider that just failed is not asked again at once.
     */
    private final ConcurrentHashMap<UUID, Instant> unwrittenBackoffs = new ConcurrentHashMap<>();
    /** In-process single flight: one shared refresh per connection. */
    private final ConcurrentHashMap<UUID, Uni<Connection>> inflight = new ConcurrentHashMap<>();
    /** Refreshed pairs whose write is still being retried: served instead of refreshing again. */
    private final ConcurrentHashMap<UUID, Connection> uncommitted = new ConcurrentHashMap<>();

    private final io.vertx.core.Vertx vertx;

    public RefreshCoordinator(ConnectionStore store, ProviderTokenClient providers, Sealer sealer, Keyring keyring,
            AuditWriter audit, Fingerprinter fingerprinter, TokenvaultConfig config, MeterRegistry meters,
            io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.store = store;
        this.providers = providers;
        this.sealer = sealer;
        this.keyring = keyring;
        this.audit = audit;
        this.fingerprinter = fingerprinter;
        this.config = config.refresh();
        this.backoff = new Backoff(this.config.backoffBase(), this.config.backoffMax());
        this.meters = meters;
    }

    /** Who asked for a refresh, for the audit log. */
    public record Trigger(String actorKind, String actorSubject, RequestInfo request) {
        public static Trigger of(Caller caller, RequestInfo request) {
            return new Trigger(caller.kind().wireName(), caller.auditSubject(), request);
        }

        public static Trigger system(String subject) {
            return new Trigger("system", subject, null);
        }
    }

    /**
     * A refreshed connection, or a failure as the contract names it: {@code needs_reauth} (409) or
     * {@code provider_unavailable} (503 with Retry-After).
     */
    public Uni<Connection> refresh(Connection seen, Trigger trigger) {
        Connection pending = uncommitted.get(seen.id);
        if (pending != null) {
            return Uni.createFrom().item(pending); // refreshed, write still being retried: never refresh again
        }
        if (seen.refreshToken == null) {
            return Uni.createFrom().failure(RefreshFailure.needsReauth(
                    "the token has expired and no refresh token is stored; reconnect"));
        }
        Instant retryAt = nextRetryAt(seen);
        if (retryAt != null && retryAt.isAfter(Instant.now())) {
            return Uni.createFrom().failure(RefreshFailure.providerUnavailable(
                    "the provider failed recently; the next attempt is scheduled", secondsUntil(retryAt)));
        }
        Uni<Connection> running = inflight.get(seen.id);
        if (running == null) {
            Uni<Connection> mine = run(seen, trigger)
                    .onTermination().invoke(() -> inflight.remove(seen.id))
                    .memoize().indefinitely();
            running = inflight.putIfAbsent(seen.id, mine);
            if (running == null) {
                return onCallerContext(mine);
            }
        }
        counter("tokenvault.refresh.joins", null, null).increment();
        return onCallerContext(running);
    }

    /** When the provider may be asked again: the stored back-off, or one this replica could not write. */
    private Instant nextRetryAt(Connection seen) {
        Instant local = unwrittenBackoffs.get(seen.id);
        if (local != null && !local.isAfter(Instant.now())) {
            unwrittenBackoffs.remove(seen.id, local);
            local = null;
        }
        if (local == null) {
            return seen.nextRetryAt;
        }
        return seen.nextRetryAt == null || local.isAfter(seen.nextRetryAt) ? local : seen.nextRetryAt;
    }

    private Uni<Connection> run(Connection seen, Trigger trigger) {
        return attempt(seen, trigger, Instant.now().plus(config.leaseWait()), FIRST_POLL);
    }

    /** Takes the lease and refreshes, or waits for its holder; a caller waits at most until {@code deadline}. */
    private Uni<Connection> attempt(Connection seen, Trigger trigger, Instant deadline, Duration poll) {
        return store.acquireLease(seen.id, replica, config.leaseDuration(), config.commitRetry())
                .flatMap(row -> row == null
                        ? waitForOtherReplica(seen, trigger, deadline, poll)
                        : row.interrupted() && Boolean.TRUE.equals(row.provider().rotatesRefreshTokens)
                                ? interrupted(row.connection(), trigger)
                                : refreshLeased(seen, row.connection(), row.provider(), trigger));
    }

    /**
     * The lease was taken over from a replica that crashed while its refresh may have been at the provider. A
     * rotating provider may have consumed the refresh token: presenting it again would be a reuse (some providers
     * then revoke the whole grant), so it is not presented: the connection needs a person, its stored tokens stay.
     */
    private Uni<Connection> interrupted(Connection row, Trigger trigger) {
        long start = System.nanoTime();
        LOG.warnf("refresh of connection %s was interrupted at a rotating provider: not retried", row.id);
        return store.recordFailure(row.id, replica, State.NEEDS_REAUTH, "refresh_interrupted",
                "a replica stopped while refreshing; the provider may have rotated the refresh token: reconnect", null)
                .invoke(ignored -> auditRefresh(refreshEvent(row, trigger, start).failure(409, "refresh_interrupted")))
                .flatMap(ignored -> Uni.createFrom().failure(RefreshFailure.needsReauth(
                        "a refresh was interrupted and the provider may have rotated the refresh token; reconnect")));
    }

    /** We hold the lease. If the row moved since the caller read it, someone already refreshed it. */
    private Uni<Connection> refreshLeased(Connection seen, Connection row, Provider provider, Trigger trigger) {
        if (row.version != seen.version) {
            return store.releaseLease(row.id, replica).replaceWith(row).flatMap(RefreshCoordinator::usable);
        }
        if (!row.state.refreshable() || row.refreshToken == null) {
            return store.releaseLease(row.id, replica)
                    .flatMap(ignored -> Uni.createFrom().failure(RefreshFailure.needsReauth(
                            "the connection needs to be authorised again")));
        }
        if (provider.tokenUrl == null) { // a static API token (kind api_key): nothing to refresh it with
            return store.releaseLease(row.id, replica)
                    .flatMap(ignored -> Uni.createFrom().failure(RefreshFailure.needsReauth(
                            "a static API token is not refreshed: store a new one")));
        }
        long start = System.nanoTime();
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(row.id);
        return Uni.createFrom().deferred(() -> callProvider(provider, row))
                .onFailure().invoke(heartbeat::stop)
                .flatMap(response -> commit(provider, row, response, trigger, start, heartbeat))
                .onFailure(ProviderError.class).recoverWithUni(e -> fail(row, (ProviderError) e, trigger, start));
    }

    /**
     * Keeps this replica's lease alive while it works on a refresh (the provider call, then the write and its
     * retries), so a slow provider or a slow write is never taken for a crashed replica. Stops when the work ends
     * or the lease turns out to be lost.
     */
    private final class LeaseHeartbeat {
        private final UUID connection;
        private final long timer;

        LeaseHeartbeat(UUID connection) {
            this.connection = connection;
            long every = Math.max(100, config.leaseDuration().toMillis() / 3);
            this.timer = vertx.setPeriodic(every, id -> store.renewLease(connection, replica, config.leaseDuration())
                    .subscribe().with(held -> {
                        if (!held) {
                            stop();
                        }
                    }, failure -> {
                        // the database is away: the next beat tries again
                    }));
        }

        void stop() {
            vertx.cancelTimer(timer);
        }
    }

    private Uni<ProviderTokens> callProvider(Provider provider, Connection row) {
        String refreshToken = sealer.openString(row.refreshToken, row.refreshTokenField());
        String clientSecret = sealer.openString(provider.clientSecret, provider.clientSecretField());
        return providers.refresh(provider, clientSecret, refreshToken);
    }

    // ------------------------------------------------------------------------------------------- success

    /**
     * Writes the new pair. Callers wait for the write, but not for its retries: past the first moments they get
     * the pair from memory while the write goes on (it is started once, here, and finishes on its own).
     */
    private Uni<Connection> commit(Provider provider, Connection row, ProviderTokens response, Trigger trigger,
            long start, LeaseHeartbeat heartbeat) {
        NewTokens pair = NewTokens.seal(row, response, provider.lifetimes(config.defaultLifetime()), false, sealer,
                keyring, fingerprinter, Instant.now());
        CompletableFuture<Connection> written = writeWithRetry(row, pair)
                .invoke(committed -> {
                    uncommitted.remove(row.id);
                    unwrittenBackoffs.remove(row.id);
                    record(provider.name, "success", start);
                    auditRefresh(refreshEvent(row, trigger, start).success(200)
                            .fingerprint(fingerprinter.fingerprint(response.accessToken())));
                })
                .onFailure().invoke(failure -> LOG.errorf("refreshed tokens of connection %s could not be written: %s",
                        row.id, failure.getClass().getSimpleName()))
                .onTermination().invoke(heartbeat::stop)
                .subscribeAsCompletionStage();
        // each caller waits on a copy: a caller that stops waiting must not cancel the write itself
        return Uni.createFrom().completionStage(written::copy)
                .ifNoItem().after(FIRST_COMMIT_WAIT).recoverWithUni(() -> {
                    Connection pending = uncommitted.get(row.id); // put there by writeWithRetry
                    return pending != null ? Uni.createFrom().item(pending) : Uni.createFrom().completionStage(written::copy);
                });
    }

    /**
     * CAS on the version, retried with back-off while the database is unreachable. When the version moved,
     * the row is read again: if it still holds the refresh token we used (only key rotation or metadata
     * changed), the write is retried on the new version; otherwise another writer already stored a newer pair.
     */
    private Uni<Connection> writeWithRetry(Connection row, NewTokens pair) {
        uncommitted.put(row.id, row.withTokens(pair, true, Instant.now()).atVersion(row.version + 1));
        return store.applyTokens(row.id, row.version, pair, true)
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .expireIn(config.commitRetry().toMillis())
                .flatMap(committed -> committed != null ? Uni.createFrom().item(committed) : reconcile(row, pair));
    }

    private Uni<Connection> reconcile(Connection row, NewTokens pair) {
        return store.read(row.id).flatMap(current -> {
            if (current == null) {
                uncommitted.remove(row.id);
                return Uni.createFrom().failure(ApiException.notFound("connection"));
            }
            Connection now = current.connection();
            if (!sameRefreshToken(now, row)) {
                uncommitted.remove(row.id);
                return Uni.createFrom().item(now); // a newer pair is stored: keep it
            }
            return writeWithRetry(row.atVersion(now.version), pair);
        });
    }

    private boolean sameRefreshToken(Connection a, Connection b) {
        return a.refreshToken != null && b.refreshToken != null
                && sealer.openString(a.refreshToken, a.refreshTokenField())
                        .equals(sealer.openString(b.refreshToken, b.refreshTokenField()));
    }

    /**
     * The refresh's own audit record does not hold up the callers (their hand-outs are audited); while the audit
     * log cannot be written it is retried, for as long as a refreshed pair's write would be.
     */
    private void auditRefresh(AuditEvent event) {
        audit.record(event)
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5))
                .expireIn(config.commitRetry().toMillis())
                .subscribe().with(ignored -> {
                }, e -> LOG.errorf("token.refresh audit record of %s could not be written: %s", event.connectionId,
                        e.getClass().getSimpleName()));
    }

    // ------------------------------------------------------------------------------------------- failure

    private Uni<Connection> fail(Connection row, ProviderError error, Trigger trigger, long start) {
        Instant nextRetry = switch (error.kind()) {
            case INVALID_GRANT -> null;
            case RATE_LIMITED, UNAVAILABLE, REJECTED -> Instant.now().plus(error.retryAfterSeconds() != null
                    ? Duration.ofSeconds(Math.max(1, error.retryAfterSeconds()))
                    : backoff.after(row.consecutiveFailures + 1, bound -> ThreadLocalRandom.current().nextLong(bound + 1)));
        };
        boolean reauth = error.kind() == ProviderError.Kind.INVALID_GRANT;
        record(row.provider, error.code(), start);
        LOG.infof("refresh of connection %s at %s failed: %s", row.id, row.provider, error.code());
        if (nextRetry != null) {
            unwrittenBackoffs.put(row.id, nextRetry); // until written: kept here if the write fails
        }
        return store.recordFailure(row.id, replica, reauth ? State.NEEDS_REAUTH : State.ERROR, error.code(),
                error.getMessage(), nextRetry)
                .invoke(written -> {
                    if (written != null) {
                        unwrittenBackoffs.remove(row.id);
                    }
                })
                .onFailure().recoverWithNull()
                .invoke(ignored -> auditRefresh(refreshEvent(row, trigger, start)
                        .failure(reauth ? 409 : 503, error.code())))
                .flatMap(ignored -> Uni.createFrom().failure(reauth
                        ? RefreshFailure.needsReauth("the provider refused the refresh token; reconnect")
                        : RefreshFailure.providerUnavailable("the token could not be refreshed: " + error.code(),
                                secondsUntil(nextRetry))));
    }

    // ------------------------------------------------------------------------------ another replica refreshes

    private Uni<Connection> waitForOtherReplica(Connection seen, Trigger trigger, Instant deadline, Duration delay) {
        if (Instant.now().isAfter(deadline)) {
            return Uni.createFrom().failure(RefreshFailure.providerUnavailable(
                    "another replica is still refreshing this connection", 1));
        }
        counter("tokenvault.refresh.lease.waits", null, null).increment();
        Duration next = delay.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : delay.multipliedBy(2);
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                .flatMap(ignored -> store.read(seen.id))
                .flatMap(current -> {
                    if (current == null) {
                        return Uni.createFrom().failure(ApiException.notFound("connection"));
                    }
                    Connection now = current.connection();
                    if (now.version != seen.version) {
                        return usable(now);
                    }
                    if (current.leaseUntil() == null || current.leaseUntil().isBefore(Instant.now())) {
                        // the holder finished without a change, or crashed: take over (once its in-flight grace is over)
                        return attempt(seen, trigger, deadline, next);
                    }
                    return waitForOtherReplica(seen, trigger, deadline, next);
                });
    }

    /** A row someone else wrote: usable if refreshed, or the failure they recorded. */
    private static Uni<Connection> usable(Connection now) {
        if (!now.state.refreshable()) {
            return Uni.createFrom().failure(RefreshFailure.needsReauth("the connection needs to be authorised again"));
        }
        if (now.state == State.ERROR && now.nextRetryAt != null && now.nextRetryAt.isAfter(Instant.now())) {
            return Uni.createFrom().failure(RefreshFailure.providerUnavailable(
                    "the token could not be refreshed: " + now.stateReason, secondsUntil(now.nextRetryAt)));
        }
        return Uni.createFrom().item(now);
    }

    // ------------------------------------------------------------------------------------------- plumbing

    void releaseLeasesOnShutdown(@Observes ShutdownEvent event) {
        try {
            Integer released = store.releaseAllLeases(replica).await().atMost(Duration.ofSeconds(5));
            if (released != null && released > 0) {
                LOG.infof("released %d refresh lease(s) at shutdown", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not release refresh leases at shutdown: %s", e.getClass().getSimpleName());
        }
    }

    private AuditEvent refreshEvent(Connection row, Trigger trigger, long start) {
        AuditEvent event = AuditEvent.of("token.refresh").actor(trigger.actorKind(), trigger.actorSubject())
                .request(trigger.request()).connection(row.id, row.projectId, row.provider);
        event.latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
        return event;
    }

    private void record(String provider, String outcome, long start) {
        counter("tokenvault.refresh.attempts", provider, outcome).increment();
        Timer.builder("tokenvault.refresh.latency").tag("provider", provider).register(meters)
                .record(Duration.ofNanos(System.nanoTime() - start));
    }

    private Counter counter(String name, String provider, String outcome) {
        Counter.Builder builder = Counter.builder(name);
        if (provider != null) {
            builder.tag("provider", provider);
        }
        if (outcome != null) {
            builder.tag("outcome", outcome);
        }
        return builder.register(meters);
    }

    private static <T> Uni<T> onCallerContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    static long secondsUntil(Instant instant) {
        return instant == null ? 1 : Math.max(1, Duration.between(Instant.now(), instant).toSeconds());
    }
}
