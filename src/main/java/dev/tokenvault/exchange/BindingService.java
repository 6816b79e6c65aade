package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.ConnectionScope;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectService;
import io.smallrye.mutiny.Uni;

/**
 * Bindings: which subject tokens of a trusted issuer become workloads reading tokens in a project. Made by the
 * project's owners or administrators, against issuers an administrator trusts. Without {@code project} a binding
 * is in a personal project: the caller's, or for an administrator that of the user named in {@code owner}.
 */
@ApplicationScoped
public class BindingService {

    static final int DEFAULT_TTL = 900;
    static final int MIN_TTL = 60;

    private final BindingRepository bindings;
    private final TrustedIssuerRepository issuers;
    private final ConnectionStore connections;
    private final ProjectService projects;
    private final AuditWriter audit;
    private final TokenvaultConfig config;
    private final LiveBindings live;

    public BindingService(BindingRepository bindings, TrustedIssuerRepository issuers, ConnectionStore connections,
            ProjectService projects, AuditWriter audit, TokenvaultConfig config, LiveBindings live) {
        this.live = live;
        this.bindings = bindings;
        this.issuers = issuers;
        this.connections = connections;
        this.projects = projects;
        this.audit = audit;
        this.config = config;
    }

    public record NewBinding(String issuer, String audience, Map<String, Object> boundClaims, String project,
            List<String> providers, List<String> connectionIds, Integer ttlSeconds, String owner) {
    }

    public Uni<BindingView> create(Caller caller, NewBinding request, RequestInfo info) {
        String issuerName = Validation.required(request.issuer(), "issuer", 2048);
        String audience = Validation.required(request.audience(), "audience", 512);
        Map<String, Object> claims = BoundClaims.checked(request.boundClaims());
        int ttl = checkedTtl(request.ttlSeconds());
        return targetProject(caller, request)
                .map(project -> ConnectionScope.parse(project, request.providers(), request.connectionIds()))
                .flatMap(scope -> issuers.findByIssuer(issuerName)
                        .onItem().ifNull().failWith(() -> ApiException.invalidRequest(
                                "field 'issuer' names no trusted issuer"))
                        .invoke(issuer -> {
                            if (!issuer.audienceList().contains(audience)) {
                                throw ApiException.invalidRequest("field 'audience' is not one of the issuer's audiences");
                            }
                        })
                        .call(issuer -> scope.verify(connections))
                        .flatMap(issuer -> bindings.add(newBinding(caller, issuer, audience, claims, scope, ttl))
                                .map(b -> BindingView.of(b, issuer.issuer))))
                .call(view -> audit.record(AuditEvent.of("binding.create").actor(caller).request(info)
                        .project(view.project()).success(201)));
    }

    private Uni<UUID> targetProject(Caller caller, NewBinding request) {
        if (request.project() != null) {
            if (request.owner() != null) {
                throw ApiException.invalidRequest("give either 'project' or 'owner', not both");
            }
            return projects.require(caller, request.project(), Action.MANAGE_BINDINGS).map(ProjectService.Scoped::id);
        }
        if (request.owner() != null && !request.owner().isBlank()) {
            UUID owner;
            try {
                owner = UUID.fromString(request.owner());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidRequest("field 'owner' must be a user id");
            }
            return projects.personal(owner)
                    .onFailure(ApiException.class).transform(e -> ApiException.invalidRequest("field 'owner' names no user"))
                    .flatMap(p -> projects.require(caller, p.id, Action.MANAGE_BINDINGS)).map(ProjectService.Scoped::id);
        }
        return projects.defaultFor(caller, Action.MANAGE_BINDINGS).map(ProjectService.Scoped::id);
    }

    /**
     * The bindings the caller manages, each with its issuer's name: all for administrators, else those of the
     * projects they own; or one project's. The two reads run one after the other (one session, one query at a time).
     */
    public Uni<Page<BindingView>> list(Caller caller, String project) {
        if (!caller.isUser()) {
            throw ApiException.forbidden("only users manage bindings");
        }
        Uni<Collection<UUID>> visible;
        if (project != null && !project.isBlank()) {
            visible = projects.require(caller, project, Action.MANAGE_BINDINGS).map(s -> List.of(s.id()));
        } else if (caller.isUser() && caller.isAdmin()) {
            visible = Uni.createFrom().nullItem();
        } else {
            visible = projects.where(caller, Action.MANAGE_BINDINGS).map(ids -> ids);
        }
        return visible.flatMap(ids -> bindings.listInOrder(ids)).flatMap(rows -> issuers.listInOrder().map(all -> {
            Map<UUID, String> names = new HashMap<>();
            all.forEach(i -> names.put(i.id, i.issuer));
            return new Page<>(rows.stream().map(b -> BindingView.of(b, names.get(b.issuerId))).toList(), null);
        }));
    }

    public Uni<BindingView> get(Caller caller, UUID id) {
        return managed(caller, id).flatMap(b -> issuers.findById(b.issuerId).map(i -> BindingView.of(b, i.issuer)));
    }

    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        return managed(caller, id)
                .flatMap(b -> bindings.remove(id)
                        .invoke(deleted -> {
                            if (!deleted) {
                                throw ApiException.notFound("binding");
                            }
                            live.forget(id); // its workload tokens stop here at once, elsewhere within seconds
                        })
                        .call(ignored -> audit.record(AuditEvent.of("binding.delete").actor(caller).request(info)
                                .project(b.projectId).success(204))))
                .replaceWithVoid();
    }

    /** A binding the caller may manage; any other is not found. */
    private Uni<Binding> managed(Caller caller, UUID id) {
        return bindings.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("binding"))
                .call(b -> projects.require(caller, b.projectId, Action.MANAGE_BINDINGS)
                        .onFailure(e -> e instanceof ApiException a && a.status() == 404)
                        .transform(e -> ApiException.notFound("binding")));
    }

    private int checkedTtl(Integer ttlSeconds) {
        int ttl = ttlSeconds == null ? DEFAULT_TTL : ttlSeconds;
        long max = config.exchange().maxTtl().toSeconds();
        if (ttl < MIN_TTL || ttl > max) {
            throw ApiException.invalidRequest("field 'ttl_seconds' must be between " + MIN_TTL + " and " + max);
        }
        return ttl;
    }

    private static Binding newBinding(Caller caller, TrustedIssuer issuer, String audience, Map<String, Object> claims,
            ConnectionScope scope, int ttl) {
        Binding b = new Binding();
        b.id = UUID.randomUUID();
        b.issuerId = issuer.id;
        b.audience = audience;
        b.boundClaims = claims;
        b.projectId = scope.project();
        b.createdBy = caller.isUser() ? caller.userId() : null;
        b.providers = scope.providersJoined();
        b.connectionIds = scope.idsJoined();
        b.ttlSeconds = ttl;
        b.createdAt = Instant.now();
        return b;
    }
}
