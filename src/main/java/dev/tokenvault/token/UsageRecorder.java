package dev.tokenvault.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.connection.ConnectionStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code last_used_at} without a write on every token read: uses are coalesced in memory and written
 * once a second in one statement. At most the last second of "last used" metadata is lost in a crash; the
 * audit log, written before every hand-out, remains the record of each use.
 */
@ApplicationScoped
public class UsageRecorder {

    private final ConnectionStore connections;
    private final ConcurrentHashMap<UUID, Instant> pending = new ConcurrentHashMap<>();

    public UsageRecorder(ConnectionStore connections) {
        this.connections = connections;
    }

    public void used(UUID connectionId, Instant at) {
        pending.merge(connectionId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Map.Entry<UUID, Instant> entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                ids.add(entry.getKey());
                times.add(entry.getValue());
            }
        }
        return connections.recordUse(ids, times).onFailure().recoverWithNull();
    }
}
