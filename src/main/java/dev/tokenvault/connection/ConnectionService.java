package dev.tokenvault.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditService;
import dev.tokenvault.audit.AuditWriter;
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
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import io.smallrye.mutiny.Uni;

/** Stored credentials: create, list, read, delete and status. Handing out tokens is the token package's. */
@ApplicationScoped
public class ConnectionService {

    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    static final int MAX_METADATA_JSON = 16 * 1024;
    static final int HEALTH_HISTORY = 10;
    static final int DEFAULT_SKEW = 60;

    private final ConnectionStore connections;
    private final ProviderRepository providers;
    private final Sealer sealer;
    private final Keyring keyring;
    private final AuditWriter audit;
    private final AuditService auditLog;
    private final Event<ConnectionDeleted> deleted;
    private final ObjectMapper json;

    public ConnectionService(ConnectionStore connections, ProviderRepository providers, Sealer sealer, Keyring keyring,
            AuditWriter audit, AuditService auditLog, Event<ConnectionDeleted> deleted, ObjectMapper json) {
        this.connections = connections;
        this.providers = providers;
        this.sealer = sealer;
        this.keyring = keyring;
        this.audit = audit;
        this.auditLog = auditLog;
        this.deleted = deleted;
        this.json = json;
    }

    // ---------------------------------------------------------------------------------------------- create

    public Uni<ConnectionView> create(Caller caller, NewConnection request, RequestInfo info) {
        UUID owner = ownerFor(caller, request.owner());
        Connection connection = newConnection(owner, request);
        return providers.findByName(connection.provider)
                .onItem().ifNull().failWith(() -> ApiException.invalidRequest(
                        "field 'provider' names no registered provider"))
                .call(provider -> connections.add(connection))
                .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict(
                        "a connection for this provider and external_account exists"))
                .onFailure(Db::isForeignKeyViolation).transform(e -> ApiException.invalidRequest(
                        "field 'owner' names no user"))
                .call(provider -> audit.record(connectionEvent("connection.create", caller, connection, info)
                        .success(201)))
                .map(provider -> ConnectionView.detail(connection, statusOf(connection, provider), List.of()));
    }

    private Connection newConnection(UUID owner, NewConnection request) {
        Connection c = Connection.create(owner, Validation.required(request.provider(), "provider", 64),
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
        return c;
    }

    private static UUID ownerFor(Caller caller, String requestedOwner) {
        UUID self = caller.userId();
        if (requestedOwner == null || requestedOwner.equals(self.toString())) {
            return self;
        }
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("only an administrator may create a connection for another user");
        }
        try {
            return UUID.fromString(requestedOwner);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("field 'owner' must be a user id");
        }
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

    public Uni<Page<ConnectionView>> list(Caller caller, String provider, ConnectionStatus status, PageRequest page) {
        return connections.listOwned(caller.userId(), blankToNull(provider), status, page)
                .flatMap(rows -> providers.skews().map(skews -> Page.of(rows, page.size(),
                        c -> new Cursor(c.createdAt, c.id),
                        c -> ConnectionView.summary(c, ConnectionStatus.of(c, skews.getOrDefault(c.provider,
                                DEFAULT_SKEW), Instant.now())))));
    }

    /** The connection with its health: state, and the last refresh outcomes from the audit log. */
    public Uni<ConnectionView> get(Caller caller, UUID id) {
        return loadReadable(caller, id).flatMap(c -> providers.findByName(c.provider)
                .flatMap(p -> auditLog.recent(c.id, "token.refresh", HEALTH_HISTORY)
                        .map(history -> ConnectionView.detail(c, statusOf(c, p),
                                history.stream().map(StatusView.Outcome::of).toList()))));
    }

    public Uni<StatusView> status(Caller caller, UUID id) {
        return loadReadable(caller, id).flatMap(this::statusView);
    }

    public Uni<StatusView> statusForProvider(Caller caller, String provider) {
        Validation.required(provider, "provider", 64);
        return connections.findFirstForProvider(caller.userId(), provider)
                .flatMap(c -> c == null ? Uni.createFrom().item(StatusView.noToken()) : statusView(c));
    }

    private Uni<StatusView> statusView(Connection c) {
        return providers.findByName(c.provider).map(p -> StatusView.of(c, statusOf(c, p)));
    }

    // -------------------------------------------------------------------------------------------- delete

    /**
     * Deletes the caller's connection: the stored tokens are destroyed when the delete commits. Then whoever
     * observes {@link ConnectionDeleted} (revocation at the provider) has its say before the answer goes out.
     */
    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        return connections.removeOwned(id, caller.userId())
                .onItem().ifNull().switchTo(() -> audit.record(AuditEvent.of("connection.delete").actor(caller)
                        .request(info).denied(404, "not_found").connection(id, null, null))
                        .flatMap(ignored -> Uni.createFrom().<Connection>failure(ApiException.notFound("connection"))))
                .call(c -> audit.record(connectionEvent("connection.delete", caller, c, info).success(204)))
                .call(c -> {
                    ConnectionDeleted event = new ConnectionDeleted(c, caller, info);
                    deleted.fire(event);
                    return event.followUps();
                })
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------- helpers

    /**
     * A connection the caller may read: a user's own, or one bound to a workload or API key (and still owned by
     * the user behind it). Anything else is not found, exactly like a missing id. (Public for the credential check.)
     */
    public Uni<Connection> loadReadable(Caller caller, UUID id) {
        Uni<Connection> found = caller.mayRead(id) ? connections.findOwned(id, caller.ownerId())
                : Uni.createFrom().nullItem();
        return found.onItem().ifNull().failWith(() -> ApiException.notFound("connection"));
    }

    private static ConnectionStatus statusOf(Connection c, Provider provider) {
        return ConnectionStatus.of(c, provider == null ? DEFAULT_SKEW : provider.refreshSkewSeconds, Instant.now());
    }

    private static AuditEvent connectionEvent(String action, Caller caller, Connection c, RequestInfo info) {
        return AuditEvent.of(action).actor(caller).request(info).connection(c.id, c.ownerId, c.provider);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
