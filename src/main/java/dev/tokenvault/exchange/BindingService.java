package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.BoundConnections;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;

/**
 * Bindings (admin): which subject tokens of a trusted issuer may read which connections. The connections all
 * belong to one user, the binding's owner: the admin who creates it, or the user named in {@code owner}.
 */
@ApplicationScoped
public class BindingService {

    static final int DEFAULT_TTL = 900;
    static final int MIN_TTL = 60;

    private final BindingRepository bindings;
    private final TrustedIssuerRepository issuers;
    private final ConnectionStore connections;
    private final AuditWriter audit;
    private final TokenvaultConfig config;
    private final LiveBindings live;

    public BindingService(BindingRepository bindings, TrustedIssuerRepository issuers, ConnectionStore connections,
            AuditWriter audit, TokenvaultConfig config, LiveBindings live) {
        this.live = live;
        this.bindings = bindings;
        this.issuers = issuers;
        this.connections = connections;
        this.audit = audit;
        this.config = config;
    }

    public record NewBinding(String issuer, String audience, Map<String, Object> boundClaims, List<String> connectionIds,
            Integer ttlSeconds, String owner) {
    }

    public Uni<BindingView> create(Caller caller, NewBinding request, RequestInfo info) {
        String issuerName = Validation.required(request.issuer(), "issuer", 2048);
        String audience = Validation.required(request.audience(), "audience", 512);
        Map<String, Object> claims = BoundClaims.checked(request.boundClaims());
        int ttl = checkedTtl(request.ttlSeconds());
        BoundConnections bound = BoundConnections.parse(ownerFor(caller, request.owner()), request.connectionIds());
        return issuers.findByIssuer(issuerName)
                .onItem().ifNull().failWith(() -> ApiException.invalidRequest("field 'issuer' names no trusted issuer"))
                .invoke(issuer -> {
                    if (!issuer.audienceList().contains(audience)) {
                        throw ApiException.invalidRequest("field 'audience' is not one of the issuer's audiences");
                    }
                })
                .call(issuer -> bound.verify(connections))
                .flatMap(issuer -> bindings.add(newBinding(issuer, audience, claims, bound, ttl))
                        .map(b -> BindingView.of(b, issuer.issuer)))
                .call(view -> audit.record(AuditEvent.of("binding.create").actor(caller).request(info).success(201)));
    }

    /** Every binding with its issuer's name. The two reads run one after the other (one session, one query at a time). */
    public Uni<Page<BindingView>> list() {
        return bindings.listInOrder().flatMap(rows -> issuers.listInOrder().map(all -> {
            Map<UUID, String> names = new HashMap<>();
            all.forEach(i -> names.put(i.id, i.issuer));
            return new Page<>(rows.stream().map(b -> BindingView.of(b, names.get(b.issuerId))).toList(), null);
        }));
    }

    public Uni<BindingView> get(UUID id) {
        return bindings.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("binding"))
                .flatMap(b -> issuers.findById(b.issuerId).map(i -> BindingView.of(b, i.issuer)));
    }

    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        return bindings.remove(id)
                .invoke(deleted -> {
                    if (deleted) {
                        live.forget(id); // its workload tokens stop here at once, elsewhere within seconds
                    }
                })
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("binding");
                    }
                })
                .call(ignored -> audit.record(AuditEvent.of("binding.delete").actor(caller).request(info).success(204)))
                .replaceWithVoid();
    }

    private int checkedTtl(Integer ttlSeconds) {
        int ttl = ttlSeconds == null ? DEFAULT_TTL : ttlSeconds;
        long max = config.exchange().maxTtl().toSeconds();
        if (ttl < MIN_TTL || ttl > max) {
            throw ApiException.invalidRequest("field 'ttl_seconds' must be between " + MIN_TTL + " and " + max);
        }
        return ttl;
    }

    private static UUID ownerFor(Caller caller, String owner) {
        if (owner == null || owner.isBlank()) {
            return caller.userId();
        }
        try {
            return UUID.fromString(owner);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("field 'owner' must be a user id");
        }
    }

    private static Binding newBinding(TrustedIssuer issuer, String audience, Map<String, Object> claims,
            BoundConnections bound, int ttl) {
        Binding b = new Binding();
        b.id = UUID.randomUUID();
        b.issuerId = issuer.id;
        b.audience = audience;
        b.boundClaims = claims;
        b.ownerId = bound.owner();
        b.connectionIds = bound.joined();
        b.ttlSeconds = ttl;
        b.createdAt = Instant.now();
        return b;
    }
}
