package dev.tokenvault.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.identity.SessionRepository.LiveSession;
import dev.tokenvault.platform.TokenvaultConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Whether a session is alive right now, as every request that carries a user JWT asks. Each replica trusts what
 * it read about a session (and its user's roles and standing) for {@code session-cache-ttl} at most, so a
 * logout, a deleted or disabled user, or changed roles take effect everywhere within that time, and at once on
 * the replica that made the change. Activity is kept in memory and written at most once a minute per session.
 */
@ApplicationScoped
public class LiveSessions {

    private static final Logger LOG = Logger.getLogger(LiveSessions.class);
    static final Duration WRITE_ACTIVITY_EVERY = Duration.ofMinutes(1);
    static final int MAX_CACHED = 100_000;

    private final SessionRepository sessions;
    private final Clock clock;
    private final Duration ttl;
    private final Duration idleTimeout;
    private final Map<UUID, Read> cache = new ConcurrentHashMap<>();
    /** When each session was last used on this replica, and when that was last queued for writing. */
    private final Map<UUID, Activity> activity = new ConcurrentHashMap<>();
    /** Uses not written yet: session id to the time of its last use. */
    private final Map<UUID, Instant> unwritten = new ConcurrentHashMap<>();

    /** What was read about a session, and when; {@code session} is null when there was none. */
    private record Read(LiveSession session, Instant at) {
    }

    private record Activity(Instant seen, Instant queued) {
    }

    public LiveSessions(SessionRepository sessions, Clock clock, TokenvaultConfig config) {
        this.sessions = sessions;
        this.clock = clock;
        this.ttl = config.auth().sessionCacheTtl();
        this.idleTimeout = config.auth().sessionIdleTimeout();
    }

    /**
     * The session when it is alive now (it exists, has not reached its absolute end, has been used within the
     * idle timeout, and its user is not disabled), else null. A live session counts as used.
     */
    public Uni<LiveSession> alive(UUID id) {
        Instant now = clock.instant();
        Read cached = cache.get(id);
        Uni<LiveSession> read = cached != null && cached.at().plus(ttl).isAfter(now)
                ? Uni.createFrom().item(cached.session())
                : sessions.findLive(id).invoke(session -> remember(id, session, now));
        return read.map(session -> isAlive(session, now) ? session : null)
                .invoke(session -> {
                    if (session != null) {
                        used(session, now);
                    }
                });
    }

    /** Forgets what this replica knows of these sessions (they just ended here). */
    public void forget(List<UUID> ids) {
        ids.forEach(id -> {
            cache.remove(id);
            activity.remove(id);
            unwritten.remove(id);
        });
    }

    boolean isAlive(LiveSession session, Instant now) {
        if (session == null || session.disabled() || !session.expiresAt().isAfter(now)) {
            return false;
        }
        Activity here = activity.get(session.id());
        Instant last = here != null && here.seen().isAfter(session.lastSeenAt()) ? here.seen() : session.lastSeenAt();
        return last.plus(idleTimeout).isAfter(now);
    }

    private void remember(UUID id, LiveSession session, Instant now) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(id, new Read(session, now));
    }

    private void used(LiveSession session, Instant now) {
        Activity before = activity.get(session.id());
        Instant queued = before == null || before.queued().isBefore(session.lastSeenAt()) ? session.lastSeenAt()
                : before.queued();
        if (!queued.plus(WRITE_ACTIVITY_EVERY).isAfter(now)) {
            queued = now;
            unwritten.put(session.id(), now);
        }
        if (activity.size() >= MAX_CACHED) {
            activity.clear();
        }
        activity.put(session.id(), new Activity(now, queued));
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> writeActivity() {
        if (unwritten.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Map.Entry<UUID, Instant> entry : unwritten.entrySet()) {
            if (unwritten.remove(entry.getKey(), entry.getValue())) {
                ids.add(entry.getKey());
                times.add(entry.getValue());
            }
        }
        return sessions.recordActivity(ids, times)
                .onFailure().invoke(e -> LOG.debugf("session activity not written: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeEnded() {
        return sessions.purgeEndedBefore(clock.instant()).replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
