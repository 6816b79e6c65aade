package dev.tokenvault.exchange;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The owner of {@code bindings}: every statement on the table is here. */
@ApplicationScoped
@WithSession
public class BindingRepository implements PanacheRepositoryBase<Binding, UUID> {

    /** The issuer's bindings for any of these audiences, oldest first. */
    public Uni<List<Binding>> findCandidates(UUID issuerId, Collection<String> audiences) {
        return find("issuerId = ?1 and audience in ?2 order by createdAt, id", issuerId, audiences).list();
    }

    public Uni<List<Binding>> listInOrder() {
        return find("order by createdAt, id").list();
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
