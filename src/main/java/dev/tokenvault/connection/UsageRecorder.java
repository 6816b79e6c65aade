package dev.tokenvault.connection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps {@code last_used_at} without a write on every token read: uses are coalesced in memory and written
 * once a second in one statement. At most the last second of "last used" metadata is lost in a crash; the
 * audit log, written before every hand-out, remains the record of each use.
 */
@ApplicationScoped
public class UsageRecorder {

    static final String FLUSH = """
            UPDATE connections c SET last_used_at = u.at
              FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at)
             WHERE c.id = u.id AND (c.last_used_at IS NULL OR c.last_used_at < u.at)""";

    private final Pool pool;
    private final ConcurrentHashMap<UUID, Instant> pending = new ConcurrentHashMap<>();

    public UsageRecorder(Pool pool) {
        this.pool = pool;
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
        List<OffsetDateTime> times = new ArrayList<>();
        for (Map.Entry<UUID, Instant> entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                ids.add(entry.getKey());
                times.add(OffsetDateTime.ofInstant(entry.getValue(), ZoneOffset.UTC));
            }
        }
        return pool.preparedQuery(FLUSH)
                .execute(Tuple.of(ids.toArray(UUID[]::new), times.toArray(OffsetDateTime[]::new)))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
