package dev.tokenvault.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;

/** Server-side sessions: started at sign-in, listed and ended by their user, ended when the user changes. */
@ApplicationScoped
public class SessionService {

    private final SessionRepository sessions;
    private final LiveSessions live;
    private final TokenIssuer issuer;
    private final Clock clock;
    private final TokenvaultConfig.Auth config;

    public SessionService(SessionRepository sessions, LiveSessions live, TokenIssuer issuer, Clock clock,
            TokenvaultConfig config) {
        this.sessions = sessions;
        this.live = live;
        this.issuer = issuer;
        this.clock = clock;
        this.config = config.auth();
    }

    /** A new session for the user and its first JWT. */
    public Uni<TokenIssuer.IssuedToken> start(User user, RequestInfo info) {
        Instant now = clock.instant();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = user.id;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(config.sessionMaxAge());
        session.ip = info == null ? null : info.ip();
        session.userAgent = info == null ? null : info.userAgent();
        return sessions.add(session).map(saved -> issuer.forUser(user, saved.id, saved.expiresAt));
    }

    /** Another JWT for a live session (the browser's cookie, renewed while the user is active); null if it ended. */
    public Uni<TokenIssuer.IssuedToken> renew(UUID sessionId) {
        return live.alive(sessionId).map(session -> {
            if (session == null) {
                return null;
            }
            User user = new User();
            user.id = session.userId();
            user.username = session.username();
            user.roles = session.roles();
            return issuer.forUser(user, session.id(), session.expiresAt());
        });
    }

    public Uni<List<Session>> list(UUID userId) {
        return sessions.listOf(userId, clock.instant());
    }

    /** Ends one of the user's sessions (logout, or from the list); a session of someone else is not found. */
    public Uni<Void> end(UUID userId, UUID sessionId) {
        return sessions.end(sessionId, userId)
                .invoke(ended -> {
                    if (!ended) {
                        throw ApiException.notFound("session");
                    }
                    live.forget(List.of(sessionId));
                })
                .replaceWithVoid();
    }

    /** Ends every session of the user but {@code keep} (null: all of them). */
    public Uni<Void> endAll(UUID userId, UUID keep) {
        return sessions.endAllOf(userId, keep).invoke(live::forget).replaceWithVoid();
    }
}
