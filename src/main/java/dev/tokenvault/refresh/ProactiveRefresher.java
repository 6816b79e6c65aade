package dev.tokenvault.refresh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Refreshes connections before they expire (inside their provider's refresh skew), and optionally those
 * idle long enough that their refresh tokens might lapse. Spread with jitter, at most
 * {@code per-provider-concurrency} refreshes per provider at once on this replica. Safe with any number of
 * replicas: each refresh goes through the {@link RefreshCoordinator}, whose lease admits one of them.
 */
@ApplicationScoped
public class ProactiveRefresher {

    private static final Logger LOG = Logger.getLogger(ProactiveRefresher.class);
    static final String JOB = "tokenvault-proactive-refresh";

    private final ConnectionStore store;
    private final RefreshCoordinator coordinator;
    private final TokenvaultConfig.Refresh config;

    public ProactiveRefresher(ConnectionStore store, RefreshCoordinator coordinator, TokenvaultConfig config) {
        this.store = store;
        this.coordinator = coordinator;
        this.config = config.refresh();
    }

    /** Schedules the rounds every {@code tokenvault.refresh.scheduler-every}, when the scheduler is enabled. */
    void schedule(@Observes StartupEvent event, Scheduler scheduler) {
        if (!config.schedulerEnabled()) {
            return;
        }
        scheduler.newJob(JOB).setInterval(config.schedulerEvery()).setDelayed("5s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> runOnce()
                        .onFailure().invoke(e -> LOG.warnf("proactive refresh round failed: %s",
                                e.getClass().getSimpleName()))
                        .onFailure().recoverWithNull().replaceWithVoid())
                .schedule();
    }

    /** One round: picks due connections and refreshes them; completes with how many were refreshed. */
    public Uni<Integer> runOnce() {
        return store.due(config.schedulerBatch(), config.idleRefreshAfter().orElse(null))
                .flatMap(this::refreshAll);
    }

    private Uni<Integer> refreshAll(List<Connection> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, List<Connection>> byProvider = due.stream().collect(Collectors.groupingBy(c -> c.provider));
        return Multi.createFrom().iterable(byProvider.values())
                .onItem().transformToMultiAndMerge(group -> Multi.createFrom().iterable(group)
                        .onItem().transformToUni(this::refreshOne).merge(config.perProviderConcurrency()))
                .collect().asList()
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> refreshOne(Connection connection) {
        long jitter = config.schedulerJitter().toMillis();
        Duration delay = Duration.ofMillis(jitter <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter + 1));
        Uni<Void> start = delay.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(delay);
        return start.flatMap(ignored -> coordinator.refresh(connection, RefreshCoordinator.Trigger.system("scheduler")))
                .map(refreshed -> true)
                .onFailure().recoverWithItem(false);
    }
}
