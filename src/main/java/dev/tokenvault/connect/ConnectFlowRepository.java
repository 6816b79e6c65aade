package dev.tokenvault.connect;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The owner of {@code connect_flows}: every statement on the table is here. */
@ApplicationScoped
public class ConnectFlowRepository implements PanacheRepositoryBase<ConnectFlow, UUID> {

    /** Stores a started flow, forgetting those that expired long before {@code forgetBefore}. */
    @WithTransaction
    public Uni<ConnectFlow> start(ConnectFlow flow, Instant forgetBefore) {
        return delete("expiresAt < ?1", forgetBefore).flatMap(ignored -> persist(flow));
    }

    /**
     * Uses a flow once: looks it up under a row lock (two callbacks cannot both have it), lets {@code check}
     * refuse it (then it stays, for the browser it belongs to), and deletes it. Null when there is none.
     */
    @WithTransaction
    public Uni<ConnectFlow> take(String stateHash, Consumer<ConnectFlow> check) {
        return find("stateHash", stateHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .call(flow -> {
                    if (flow == null) {
                        return Uni.createFrom().nullItem();
                    }
                    check.accept(flow);
                    return delete(flow);
                });
    }
}
