package dev.tokenvault.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditService;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Access;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectDeleting;
import dev.tokenvault.project.ProjectService;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import io.smallrye.mutiny.Uni;

/**
 * Stored credentials: create, list, read, delete and status, each decided against the connection's project
 * ({@link ConnectionAccess}). Handing out tokens is the token package's.
 */
@ApplicationScoped
public class ConnectionService {

    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    static final int MAX_METADATA_JSON = 16 * 1024;
    static final int HEALTH_HISTORY = 10;
    static final int DEFAULT_SKEW = 60;

    private final ConnectionStore connections;
    private final ProviderRepository providers;
    private final ProjectService projects;
    private final Sealer sealer;
    private final Keyring keyring;
    private final Fingerprinter fingerprinter;
    private final AuditWriter audit;
    private final AuditService auditLog;
    private final Event<ConnectionDeleted> deleted;
    private final ObjectMapper json;

    public ConnectionService(ConnectionStore connections, ProviderRepository providers, ProjectService projects,
            Sealer sealer, Keyring keyring, Fingerprinter fingerprinter, AuditWriter audit, AuditService auditLog,
            Event<ConnectionDeleted> deleted, ObjectMapper json) {
        this.connections = connections;
        this.providers = providers;
        this.projects = projects;
        this.sealer = sealer;
        this.keyring = keyring;
        this.fingerprinter = fingerprinter;
        this.audit = audit;
        this.auditLog = auditLog;
        this.deleted = deleted;
        this.json = json;
    }

    // ---------------------------------------------------------------------------------------------- create

    /**
     * Stores a credential in {@code project} (or the caller's default project: a user's personal one, a machine
     * credential's own). An administrator may give {@code owner} to use another user's personal project.
     */
    public Uni<ConnectionView> create(Caller caller, NewConnection request, RequestInfo info) {
        String provider = Validation.required(request.provider(), "provider", 64);
        String subject = ConnectionAccess.checkedSubject(request.subject());
        return targetProject(caller, request)
                .map(project -> {
                    Connection c = newConnection(project, caller, provider, subject, request);
                    if (!Access.reaches(caller, c.provider, c.id)) {
                        throw ApiException.forbidden("this credential may not create connections outside its scope");
                    }
                    return c;
                })
                .flatMap(connection -> providers.findByName(connection.provider)
                        .onItem().ifNull().failWith(() -> ApiException.invalidRequest(
                                "field 'provider' names no registered provider"))
                        .call(p -> connections.add(connection))
                        .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict(connection.subject != null
                                ? "the project has a connection for this provider and subject"
                                : "the project has a connection for this provider and external_account"))
                        .onFailure(Db::isForeignKeyViolation).transform(e -> ApiException.notFound("project"))
                        .call(p -> audit.record(connectionEvent("connection.create", caller, connection, info)
                                .success(201)))
                        .map(p -> ConnectionView.detail(connection, statusOf(connection, p), List.of())));
    }

    private Uni<UUID> targetProject(Caller caller, NewConnection request) {
        if (request.project() != null) {
            if (request.owner() != null) {
                throw ApiException.invalidRequest("give either 'project' or 'owner', not both");
            }
            return projects.require(caller, request.project(), Action.WRITE_CONNECTIONS).map(ProjectService.Scoped::id);
        }
        if (request.owner() != null && caller.isUser() && !request.owner().equals(caller.subject())) {
            if (!caller.isAdmin()) {
                throw ApiException.forbidden("only an administrator may create a connection for another user");
            }
            UUID owner;
            try {
                owner = UUID.fromString(request.owner());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidRequest("field 'owner' must be a user id");
            }
            return projects.personal(owner).map(p -> p.id)
                    .onFailure(ApiException.class).transform(e -> ApiException.invalidRequest("field 'owner' names no user"));
        }
        return projects.defaultFor(caller, Action.WRITE_CONNECTIONS).map(ProjectService.Scoped::id);
    }

    private Connection newConnection(UUID project, Caller caller, String provider, String subject,
            NewConnection request) {
        UUID owner = caller.isUser() ? caller.userId() : null;
        if (request.owner() != null && caller.isUser() && caller.isAdmin() && request.project() == null) {
            owner = UUID.fromString(request.owner());
        }
        Connection c = Connection.create(project, owner, provider, subject,
                Validation.optional(request.externalAccount(), "external_account", 256), Instant.now());
        String access = Validation.required(request.accessToken(), "access_token", MAX_TOKEN_LENGTH);
        String refresh = Validation.optional(request.refreshToken(), "refresh_token", MAX_TOKEN_LENGTH);
        c.tokenType = Validation.optional(request.tokenType() == null ? "Bearer" : request.tokenType(), "token_type", 64);
        c.expiresAt = expiry(request.expiresIn(), request.expiresAt());
        c.scopes = Validation.scopes(request.scopes());
        c.metadata = checkedMetadata(request.metadata());
        c.keyId = keyring.primaryId();
        c.accessToken = sealer.seal(access, c.accessTokenField());
        c.refreshToken = refresh == null || refresh.isBlank() ? null : sealer.seal(refresh, c.refreshTokenField());
        c.accessFingerprint = fingerprinter.fingerprint(access);
        c.refreshFingerprint = c.refreshToken == null ? null : fingerprinter.fingerprint(refresh);
        return c;
    }

    private static Instant expiry(Long expiresIn, Instant expiresAt) {
        if (expiresIn != null && expiresAt != null) {
            throw ApiException.invalidRequest("give either 'expires_in' or 'expires_at', not both");
        }
        if (expiresIn != null) {
            if (expiresIn < 0 || expiresIn > Duration.ofDays(3650).toSeconds()) {
                throw ApiException.invalidRequest("field 'expires_in' must be between 0 and 315360000 seconds");
            }
            return Instant.now().plusSeconds(expiresIn);
        }
        return expiresAt;
    }

    private Map<String, Object> checkedMetadata(Map<String, Object> metadata) {
        if (metadata == null) {
            return new HashMap<>();
        }
        try {
            if (json.writeValueAsBytes(metadata).length > MAX_METADATA_JSON) {
                throw ApiException.invalidRequest("field 'metadata' is larger than 16 KiB");
            }
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("field 'metadata' must be a JSON object");
        }
        return metadata;
    }

    // ------------------------------------------------------------------------------------------ read views

    /**
     * Connections the caller may see: those of {@code project} when given; otherwise a user's in every project they
     * belong to, a machine credential's within its scope.
     */
    public Uni<Page<ConnectionView>> list(Caller caller, String project, String provider, String subject,
            ConnectionStatus status, PageRequest page) {
        String providerFilter = blankToNull(Validation.optional(provider, "provider", 64));
        String subjectFilter = subject == null ? null : ConnectionAccess.checkedSubject(subject);
        Uni<ConnectionStore.ListFilter> filter;
        if (project != null && !project.isBlank()) {
            filter = projects.require(caller, project, Action.VIEW_CONNECTIONS)
                    .map(s -> scoped(caller, s.id(), providerFilter, subjectFilter, status));
        } else if (!caller.isUser()) {
            filter = projects.require(caller, caller.scope().project(), Action.VIEW_CONNECTIONS)
                    .map(s -> scoped(caller, s.id(), providerFilter, subjectFilter, status));
        } else {
            filter = Uni.createFrom().item(new ConnectionStore.ListFilter(null, caller.userId(), providerFilter,
                    subjectFilter, status, Set.of(), Set.of()));
        }
        return filter.flatMap(f -> connections.list(f, page))
                .flatMap(rows -> providers.skews().map(skews -> Page.of(rows, page.size(),
                        c -> new Cursor(c.createdAt, c.id),
                        c -> ConnectionView.summary(c, ConnectionStatus.of(c, skews.getOrDefault(c.provider,
                                DEFAULT_SKEW), Instant.now())))));
    }

    private static ConnectionStore.ListFilter scoped(Caller caller, UUID project, String provider, String subject,
            ConnectionStatus status) {
        Caller.Scope scope = caller.isUser() ? null : caller.scope();
        return new ConnectionStore.ListFilter(project, null, provider, subject, status,
                scope == null ? Set.of() : scope.providers(), scope == null ? Set.of() : scope.connections());
    }

    /** The connection with its health: state, and the last refresh outcomes from the audit log. */
    public Uni<ConnectionView> get(Caller caller, UUID id) {
        return load(caller, id, Action.VIEW_CONNECTIONS).flatMap(c -> providers.findByName(c.provider)
                .flatMap(p -> auditLog.recent(c.id, "token.refresh", HEALTH_HISTORY)
                        .map(history -> ConnectionView.detail(c, statusOf(c, p),
                                history.stream().map(StatusView.Outcome::of).toList()))));
    }

    public Uni<StatusView> status(Caller caller, UUID id) {
        return load(caller, id, Action.VIEW_CONNECTIONS).flatMap(this::statusView);
    }

    /** {@code GET /v1/status?provider=}: the caller's connection to the provider in their default project. */
    public Uni<StatusView> statusForProvider(Caller caller, String provider) {
        Validation.required(provider, "provider", 64);
        return projects.defaultFor(caller, Action.VIEW_CONNECTIONS)
                .flatMap(s -> connections.list(scoped(caller, s.id(), provider, null, null), new PageRequest(1, null)))
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(StatusView.noToken()) : statusView(rows.get(0)));
    }

    /**
     * {@code GET /v1/projects/{project}/status/{provider}?subject=}: the status of the connection an application
     * names by its own key; {@code NO_TOKEN} when there is none.
     */
    public Uni<StatusView> statusFor(Caller caller, String project, String provider, String subject) {
        Validation.required(provider, "provider", 64);
        String checkedSubject = ConnectionAccess.checkedSubject(subject);
        return connections.lookup(project, provider, checkedSubject, caller.isUser() ? caller.userId() : null)
                .map(found -> ConnectionAccess.pick(caller, found, checkedSubject, Action.VIEW_CONNECTIONS))
                .flatMap(c -> c != null ? statusView(c)
                        : projects.require(caller, project, Action.VIEW_CONNECTIONS).map(s -> StatusView.noToken()));
    }

    private Uni<StatusView> statusView(Connection c) {
        return providers.findByName(c.provider).map(p -> StatusView.of(c, statusOf(c, p)));
    }

    // -------------------------------------------------------------------------------------------- delete

    /**
     * Deletes a connection: the stored tokens are destroyed when the delete commits. Then whoever observes
     * {@link ConnectionDeleted} (revocation at the provider) has its say before the answer goes out.
     */
    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        return load(caller, id, Action.WRITE_CONNECTIONS)
                .onFailure(ApiException.class).call(e -> ((ApiException) e).status() == 404
                        ? audit.record(AuditEvent.of("connection.delete").actor(caller).request(info)
                                .denied(404, "not_found").connection(id, null, null))
                        : Uni.createFrom().voidItem())
                .flatMap(found -> connections.remove(found.id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("connection"))
                .call(c -> audit.record(connectionEvent("connection.delete", caller, c, info).success(204)))
                .call(c -> {
                    ConnectionDeleted event = new ConnectionDeleted(c, caller, info);
                    deleted.fire(event);
                    return event.followUps();
                })
                .replaceWithVoid();
    }

    /** A project with connections cannot be deleted (they would go with it). */
    void onProjectDeleting(@Observes ProjectDeleting deleting) {
        deleting.then(() -> connections.countInProject(deleting.projectId()).invoke(count -> {
            if (count > 0) {
                throw ApiException.conflict("the project has " + count + " connection" + (count == 1 ? "" : "s")
                        + ": delete them first");
            }
        }).replaceWithVoid());
    }

    // ------------------------------------------------------------------------------------------- helpers

    /**
     * A connection the caller may do {@code action} on; anything they may not know of is not found. (Public for
     * the credential check, which is a write: it may turn the connection NEEDS_REAUTH.)
     */
    public Uni<Connection> load(Caller caller, UUID id, Action action) {
        return connections.get(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("connection"))
                .flatMap(c -> projects.roleOf(caller, c.projectId).map(role -> {
                    ConnectionAccess.require(caller, c, role, action);
                    return c;
                }));
    }

    private static ConnectionStatus statusOf(Connection c, Provider provider) {
        return ConnectionStatus.of(c, provider == null ? DEFAULT_SKEW : provider.refreshSkewSeconds, Instant.now());
    }

    private static AuditEvent connectionEvent(String action, Caller caller, Connection c, RequestInfo info) {
        return AuditEvent.of(action).actor(caller).request(info).connection(c.id, c.projectId, c.provider);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
