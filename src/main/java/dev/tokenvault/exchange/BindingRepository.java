package dev.tokenvault.exchange;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The owner of {@code bindings}: every statement on the table is here. */
@ApplicationScoped
public class BindingRepository implements PanacheRepositoryBase<Binding, UUID> {

    private final Pool pool;

    public BindingRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a binding lets its workloads reach: its project, and the providers and ids it is limited to. */
    public record Reach(UUID project, String providers, String connectionIds) {
    }

    /**
     * What the binding reaches, or null when it no longer exists. Raw reactive client: it runs in the
     * authentication layer (before any Hibernate session exists) for each binding at most once per cache lifetime.
     */
    public Uni<Reach> reach(UUID id) {
        return pool.preparedQuery("SELECT project_id, providers, connection_ids FROM bindings WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    var row = it.next();
                    return new Reach(row.getUUID("project_id"), row.getString("providers"),
                            row.getString("connection_ids"));
                });
    }

    /** The issuer's bindings for any of these audiences, oldest first. */
    @WithSession
    public Uni<List<Binding>> findCandidates(UUID issuerId, Collection<String> audiences) {
        return find("issuerId = ?1 and audience in ?2 order by createdAt, id", issuerId, audiences).list();
    }

    /** Bindings in creation order: every one ({@code projects} null) or those of these projects. */
    @WithSession
    public Uni<List<Binding>> listInOrder(Collection<UUID> projects) {
        if (projects == null) {
            return find("order by createdAt, id").list();
        }
        if (projects.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return find("projectId in ?1 order by createdAt, id", projects).list();
    }

    @WithSession
    public Uni<Binding> findById(UUID id) {
        return find("id", id).firstResult();
    }

    @WithTransaction
    public Uni<Binding> add(Binding binding) {
        return persist(binding);
    }

    /** Deletes the binding; false when there was none. */
    @WithTransaction
    public Uni<Boolean> remove(UUID id) {
        return deleteById(id);
    }
}
