package dev.tokenvault.identity;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TrustedIssuerRepository implements PanacheRepositoryBase<TrustedIssuer, UUID> {

    public Uni<TrustedIssuer> findByIssuer(String issuer) {
        return find("issuer", issuer).firstResult();
    }

    public Uni<List<TrustedIssuer>> listInOrder() {
        return find("order by createdAt, id").list();
    }
}
