package dev.tokenvault.connect;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ConnectFlowRepository implements PanacheRepositoryBase<ConnectFlow, UUID> {

    /** The flow for a state, locked until the transaction ends so that two callbacks cannot both use it. */
    public Uni<ConnectFlow> findForUpdate(String stateHash) {
        return find("stateHash", stateHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Forgets flows that expired long ago (expired ones are kept a day to tell "expired" from "unknown"). */
    public Uni<Long> deleteExpiredBefore(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
