package dev.tokenvault.exchange;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The owner of {@code trusted_issuers}: every statement on the table is here. */
@ApplicationScoped
@WithSession
public class TrustedIssuerRepository implements PanacheRepositoryBase<TrustedIssuer, UUID> {

    public Uni<TrustedIssuer> findByIssuer(String issuer) {
        return find("issuer", issuer).firstResult();
    }

    public Uni<List<TrustedIssuer>> listInOrder() {
        return find("order by createdAt, id").list();
    }

    @WithSession
    public Uni<TrustedIssuer> findById(UUID id) {
        return find("id", id).firstResult();
    }

    @WithTransaction
    public Uni<TrustedIssuer> add(TrustedIssuer issuer) {
        return persist(issuer);
    }

    /** Deletes the issuer; false when there was none. An issuer with bindings fails (foreign key). */
    @WithTransaction
    public Uni<Boolean> remove(UUID id) {
        return deleteById(id).call(ignored -> flush());
    }
}
