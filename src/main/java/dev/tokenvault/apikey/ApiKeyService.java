package dev.tokenvault.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.ConnectionScope;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.Permission;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Access;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectService;
import io.smallrye.mutiny.Uni;

/**
 * API keys of projects: create (the key is shown once), list, revoke. Members make keys; owners see and revoke
 * them all; the member who made a key may revoke it. {@code /v1/api-keys} is the same for the caller's personal
 * project, with keys that read tokens.
 */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final ConnectionStore connections;
    private final ProjectService projects;
    private final AuditWriter audit;
    private final Fingerprinter fingerprinter;

    public ApiKeyService(ApiKeyRepository keys, ConnectionStore connections, ProjectService projects,
            AuditWriter audit, Fingerprinter fingerprinter) {
        this.fingerprinter = fingerprinter;
        this.keys = keys;
        this.connections = connections;
        this.projects = projects;
        this.audit = audit;
    }

    /** Body of {@code POST /v1/projects/{project}/api-keys}. */
    public record NewProjectApiKey(String name, List<String> permissions, List<String> providers,
            List<String> connectionIds, Instant expiresAt) {
    }

    /** Body of {@code POST /v1/api-keys}: a {@code tokens:read} key for some connections of the personal project. */
    public record NewApiKey(String name, List<String> connectionIds, Instant expiresAt) {
    }

    public Uni<ApiKeyView> create(Caller caller, String project, NewProjectApiKey request, RequestInfo info) {
        Set<Permission> permissions = Permission.parse(request.permissions(), "permissions");
        return projects.require(caller, project, Action.CREATE_API_KEYS)
                .flatMap(s -> create(caller, ConnectionScope.parse(s.id(), request.providers(), request.connectionIds()),
                        permissions, request.name(), request.expiresAt(), info));
    }

    public Uni<ApiKeyView> createPersonal(Caller caller, NewApiKey request, RequestInfo info) {
        if (request.connectionIds() == null || request.connectionIds().isEmpty()) {
            throw ApiException.invalidRequest("field 'connection_ids' must name at least one connection");
        }
        return projects.defaultFor(caller, Action.CREATE_API_KEYS)
                .flatMap(s -> create(caller, ConnectionScope.parse(s.id(), null, request.connectionIds()),
                        Set.of(Permission.TOKENS_READ), request.name(), request.expiresAt(), info));
    }

    private Uni<ApiKeyView> create(Caller caller, ConnectionScope scope, Set<Permission> permissions, String name,
            Instant expiresAt, RequestInfo info) {
        String checkedName = Validation.line(name, "name", 200, true);
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw ApiException.invalidRequest("field 'expires_at' must be in the future");
        }
        ApiKeyFormat.Parsed key = ApiKeyFormat.generate();
        ApiKey row = newKey(caller.userId(), checkedName, key, scope, permissions, expiresAt);
        row.fingerprint = fingerprinter.fingerprint(key.key());
        return scope.verify(connections).flatMap(ok -> keys.add(row))
                .call(ignored -> audit.record(AuditEvent.of("api_key.create").actor(caller).request(info)
                        .project(row.projectId).success(201).fingerprint(row.fingerprint)))
                .map(ignored -> ApiKeyView.created(row, key.key()));
    }

    public Uni<Page<ApiKeyView>> list(Caller caller, String project, PageRequest page) {
        return projects.require(caller, project, Action.VIEW_API_KEYS).flatMap(s -> list(s.id(), page));
    }

    public Uni<Page<ApiKeyView>> listPersonal(Caller caller, PageRequest page) {
        return projects.defaultFor(caller, Action.VIEW_API_KEYS).flatMap(s -> list(s.id(), page));
    }

    private Uni<Page<ApiKeyView>> list(UUID project, PageRequest page) {
        return keys.listInProject(project, page) // range(0, size) is inclusive: size + 1 rows
                .map(rows -> Page.of(rows, page.size(), k -> new Cursor(k.createdAt, k.id), ApiKeyView::of));
    }

    /** Revokes a key of the project: owners and administrators any, a member the keys they made. */
    public Uni<Void> revoke(Caller caller, String project, UUID id, RequestInfo info) {
        return projects.require(caller, project, Action.VIEW_PROJECT).flatMap(s -> keys.findInProject(id, s.id())
                .onItem().ifNull().failWith(() -> ApiException.notFound("API key"))
                .invoke(key -> {
                    boolean own = caller.isUser() && caller.userId().equals(key.createdBy);
                    Access.require(caller, s.id(), s.role(), own ? Action.CREATE_API_KEYS : Action.REVOKE_API_KEYS);
                })
                .flatMap(key -> revoke(caller, key.id, s.id(), info)));
    }

    public Uni<Void> revokePersonal(Caller caller, UUID id, RequestInfo info) {
        return projects.defaultFor(caller, Action.REVOKE_API_KEYS).flatMap(s -> revoke(caller, id, s.id(), info));
    }

    private Uni<Void> revoke(Caller caller, UUID id, UUID project, RequestInfo info) {
        return keys.deleteInProject(id, project)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("API key");
                    }
                })
                .call(ignored -> audit.record(AuditEvent.of("api_key.revoke").actor(caller).request(info)
                        .project(project).success(204)))
                .replaceWithVoid();
    }

    private static ApiKey newKey(UUID creator, String name, ApiKeyFormat.Parsed key, ConnectionScope scope,
            Set<Permission> permissions, Instant expiresAt) {
        ApiKey k = new ApiKey();
        k.id = UUID.randomUUID();
        k.projectId = scope.project();
        k.createdBy = creator;
        k.name = name;
        k.prefix = key.shownPrefix();
        k.keyHash = key.hash();
        k.permissions = Permission.joined(permissions);
        k.providers = scope.providersJoined();
        k.connectionIds = scope.idsJoined();
        k.createdAt = Instant.now();
        k.expiresAt = expiresAt;
        return k;
    }
}
