package dev.tokenvault.connect;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The owner of {@code connect_sessions}: every statement on the table is here. */
@ApplicationScoped
public class ConnectSessionRepository implements PanacheRepositoryBase<ConnectSession, UUID> {

    /** Stores a new session, forgetting those that ended long before {@code forgetBefore}. */
    @WithTransaction
    public Uni<ConnectSession> add(ConnectSession session, Instant forgetBefore) {
        return delete("expiresAt < ?1", forgetBefore).flatMap(ignored -> persist(session));
    }

    @WithSession
    public Uni<ConnectSession> findInProject(UUID id, UUID project) {
        return find("id = ?1 and projectId = ?2", id, project).firstResult();
    }

    @WithSession
    public Uni<ConnectSession> findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /**
     * Claims a pending session that has not expired for the flow about to start: one statement, so a link opened
     * twice starts one flow. The session as claimed, or null when it was not pending any more or has expired.
     */
    @WithTransaction
    public Uni<ConnectSession> claim(String tokenHash, Instant now) {
        return update("status = ?1 where tokenHash = ?2 and status = ?3 and expiresAt > ?4", ConnectSession.STARTED,
                tokenHash, ConnectSession.PENDING, now)
                .flatMap(count -> count == 1 ? find("tokenHash", tokenHash).firstResult()
                        : Uni.createFrom().nullItem());
    }

    /** Records that the session connected (once: a finished session stays as it is). */
    @WithTransaction
    public Uni<Void> connected(UUID id, UUID connectionId, Instant now) {
        return update("status = ?1, connectionId = ?2, finishedAt = ?3 where id = ?4 and status = ?5",
                ConnectSession.CONNECTED, connectionId, now, id, ConnectSession.STARTED).replaceWithVoid();
    }

    /** Records that the session failed, and why (an error code; once). */
    @WithTransaction
    public Uni<Void> failed(UUID id, String error, Instant now) {
        return update("status = ?1, error = ?2, finishedAt = ?3 where id = ?4 and status = ?5",
                ConnectSession.FAILED, error, now, id, ConnectSession.STARTED).replaceWithVoid();
    }
}
