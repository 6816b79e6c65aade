package dev.tokenvault.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.audit.Fingerprinter;
import dev.tokenvault.audit.RequestInfo;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.identity.Caller;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import dev.tokenvault.refresh.RefreshCoordinator;
import dev.tokenvault.refresh.RefreshStore;
import dev.tokenvault.refresh.UpstreamRevoker;
import dev.tokenvault.audit.AuditService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Stored credentials: create, list, read, delete, status, and handing out a currently valid token. */
@ApplicationScoped
public class ConnectionService {

    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    static final int MAX_METADATA_JSON = 16 * 1024;
    static final int MAX_MIN_TTL = 86_400;
    static final int HEALTH_HISTORY = 10;

    private final ConnectionRepository connections;
    private final ProviderRepository providers;
    private final Sealer sealer;
    private final Keyring keyring;
    private final AuditWriter audit;
    private final Fingerprinter fingerprinter;
    private final RefreshCoordinator refresher;
    private final UsageRecorder usage;
    private final UpstreamRevoker revoker;
    private final RefreshStore rows;
    private final AuditService auditLog;
    private final ObjectMapper json;

    public ConnectionService(ConnectionRepository connections, ProviderRepository providers, Sealer sealer,
            Keyring keyring, AuditWriter audit, Fingerprinter fingerprinter, RefreshCoordinator refresher,
            UsageRecorder usage, UpstreamRevoker revoker, RefreshStore rows, AuditService auditLog, ObjectMapper json) {
        this.connections = connections;
        this.providers = providers;
        this.sealer = sealer;
        this.keyring = keyring;
        this.audit = audit;
        this.fingerprinter = fingerprinter;
        this.refresher = refresher;
        this.usage = usage;
        this.revoker = revoker;
        this.rows = rows;
        this.auditLog = auditLog;
        this.json = json;
    }

    // ---------------------------------------------------------------------------------------------- create

    public Uni<ConnectionView> create(Caller caller, NewConnection request, RequestInfo info) {
        UUID owner = ownerFor(caller, request.owner());
        Connection connection = newConnection(owner, request);
        return Panache.withTransaction(() -> providers.findByName(connection.provider)
                .onItem().ifNull().failWith(() -> ApiException.invalidRequest(
                        "field 'provider' names no registered provider"))
                .flatMap(provider -> connections.persistAndFlush(connection).map(c -> provider)))
                .onFailure(Db::isUniqueViolation).transform(e -> ApiException.conflict(
                        "a connection for this provider and external_account exists"))
                .onFailure(Db::isForeignKeyViolation).transform(e -> ApiException.invalidRequest(
                        "field 'owner' names no user"))
                .call(provider -> audit.record(connectionEvent("connection.create", caller, connection, info)
                        .success(201)))
                .map(provider -> ConnectionView.detail(connection, statusOf(connection, provider), List.of()));
    }

    private Connection newConnection(UUID owner, NewConnection request) {
        Connection c = new Connection();
        c.id = UUID.randomUUID();
        c.ownerId = owner;
        c.provider = Validation.required(request.provider(), "provider", 64);
        c.externalAccount = Validation.optional(request.externalAccount(), "external_account", 256);
        String access = Validation.required(request.accessToken(), "access_token", MAX_TOKEN_LENGTH);
        String refresh = Validation.optional(request.refreshToken(), "refresh_token", MAX_TOKEN_LENGTH);
        c.tokenType = Validation.optional(request.tokenType() == null ? "Bearer" : request.tokenType(), "token_type", 64);
        c.expiresAt = expiry(request.expiresIn(), request.expiresAt());
        c.scopes = Validation.scopes(request.scopes());
        c.metadata = checkedMetadata(request.metadata());
        c.state = "ACTIVE";
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
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

    @WithSession
    public Uni<Page<ConnectionView>> list(Caller caller, String provider, String status, PageRequest page) {
        ConnectionStatus wanted = parseStatus(status);
        return connections.listOwned(caller.userId(), blankToNull(provider), wanted, page)
                .flatMap(rows -> skews().map(skew -> Page.of(rows, page.size(), c -> new Cursor(c.createdAt, c.id),
                        c -> ConnectionView.summary(c, statusOf(c, skew)))));
    }

    /** The connection with its health: state, and the last refresh outcomes from the audit log. */
    @WithSession
    public Uni<ConnectionView> get(Caller caller, UUID id) {
        // one session runs one query at a time: the reads are chained, not combined
        return loadReadable(caller, id).flatMap(c -> providerOf(c)
                .flatMap(p -> auditLog.refreshHistory(c.id, HEALTH_HISTORY)
                        .map(history -> ConnectionView.detail(c, statusOf(c, p), history))));
    }

    @WithSession
    public Uni<StatusView> status(Caller caller, UUID id) {
        return loadReadable(caller, id).flatMap(c -> providerOf(c).map(p -> StatusView.of(c, statusOf(c, p))));
    }

    @WithSession
    public Uni<StatusView> statusForProvider(Caller caller, String provider) {
        Validation.required(provider, "provider", 64);
        return connections.findFirstForProvider(caller.userId(), provider)
                .flatMap(c -> c == null ? Uni.createFrom().item(StatusView.noToken())
                        : providerOf(c).map(p -> StatusView.of(c, statusOf(c, p))));
    }

    // -------------------------------------------------------------------------------------------- delete

    /** Deletes locally first (the stored tokens are destroyed), then revokes at the provider, best effort. */
    public Uni<Void> delete(Caller caller, UUID id, RequestInfo info) {
        return Panache.withTransaction(() -> loadOwned(caller, id).call(connections::delete))
                .onFailure(ApiException.class).call(e -> audit.record(
                        AuditEvent.of("connection.delete").actor(caller).request(info).denied(404, "not_found")
                                .connection(id, null, null)))
                .call(c -> audit.record(connectionEvent("connection.delete", caller, c, info).success(204)))
                .call(c -> revoker.revoke(c, caller, info))
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------- token hand-out

    /**
     * Hands out the access token when it stays valid for {@code minTtl} seconds, refreshing first when it does
     * not. The hand-out is audited before the token leaves: if the audit record cannot be written, the token
     * is not handed out.
     */
    public Uni<TokenView> token(Caller caller, UUID id, int minTtl, boolean forceRefresh, RequestInfo info) {
        if (minTtl < 0 || minTtl > MAX_MIN_TTL) {
            throw ApiException.invalidRequest("min_ttl must be between 0 and " + MAX_MIN_TTL);
        }
        return findReadableRow(caller, id)
                .flatMap(c -> c == null ? refuseUnknown() : ensureFresh(caller, info, c, minTtl, forceRefresh))
                .onFailure(ApiException.class).call(e -> auditTokenFailure(caller, id, info, (ApiException) e))
                .flatMap(c -> handOut(caller, c, info));
    }

    private Uni<Connection> ensureFresh(Caller caller, RequestInfo info, Connection c, int minTtl,
            boolean forceRefresh) {
        if ("NEEDS_REAUTH".equals(c.state) || "REVOKED".equals(c.state)) {
            return Uni.createFrom().failure(
                    new TokenFailure(c, 409, "needs_reauth", "the connection needs to be authorised again"));
        }
        if (!forceRefresh && validFor(c, minTtl)) {
            return Uni.createFrom().item(c);
        }
        return refresher.refresh(c, new RefreshCoordinator.Trigger(caller.kind().wireName(), caller.auditSubject(), info))
                .onFailure(ApiException.class).recoverWithUni(failure -> validFor(c, 0)
                        ? Uni.createFrom().item(c) // refresh failed, but the current token is still valid
                        : Uni.createFrom().failure(new TokenFailure(c, (ApiException) failure)));
    }

    private static boolean validFor(Connection c, int seconds) {
        return c.accessToken != null && (c.expiresAt == null || c.expiresAt.isAfter(Instant.now().plusSeconds(seconds)));
    }

    private Uni<TokenView> handOut(Caller caller, Connection c, RequestInfo info) {
        String token = sealer.openString(c.accessToken, c.accessTokenField());
        Long expiresIn = c.expiresAt == null ? null : Math.max(0, Duration.between(Instant.now(), c.expiresAt).toSeconds());
        AuditEvent event = connectionEvent("token.read", caller, c, info).success(200)
                .fingerprint(fingerprinter.fingerprint(token));
        return audit.record(event)
                .invoke(() -> usage.used(c.id, event.at))
                .map(ignored -> new TokenView(token, c.tokenType, c.expiresAt, expiresIn, c.scopeList()));
    }

    private static Uni<Connection> refuseUnknown() {
        return Uni.createFrom().failure(new TokenFailure(null, 404, "not_found", "connection not found"));
    }

    private Uni<Void> auditTokenFailure(Caller caller, UUID id, RequestInfo info, ApiException failure) {
        AuditEvent event = AuditEvent.of("token.read").actor(caller).request(info);
        if (failure instanceof TokenFailure tf && tf.connection != null) {
            event.connection(tf.connection.id, tf.connection.ownerId, tf.connection.provider);
        } else {
            event.connection(id, null, null);
        }
        int status = failure.status();
        if (status == 404) {
            event.denied(status, failure.code());
        } else {
            event.failure(status, failure.code());
        }
        return audit.record(event);
    }

    /** A failed hand-out, remembering the connection it concerned for the audit record. */
    static final class TokenFailure extends ApiException {
        final transient Connection connection;

        TokenFailure(Connection connection, int status, String code, String detail) {
            super(status, code, detail);
            this.connection = connection;
        }

        TokenFailure(Connection connection, ApiException cause) {
            super(cause.status(), cause.code(), cause.getMessage(), cause.retryAfterSeconds());
            this.connection = connection;
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private Uni<Connection> loadOwned(Caller caller, UUID id) {
        return connections.findOwned(id, caller.userId())
                .onItem().ifNull().failWith(() -> ApiException.notFound("connection"));
    }

    /**
     * A connection the caller may read: a user's own, or one bound to a workload or API key (and still owned by
     * the user behind it). Anything else is not found, exactly like a missing id.
     */
    private Uni<Connection> findReadable(Caller caller, UUID id) {
        return caller.mayRead(id) ? connections.findOwned(id, caller.ownerId()) : Uni.createFrom().nullItem();
    }

    /**
     * The token path's read: one primary-key SELECT on the raw reactive client, no ORM session. One caller's
     * latency fell from 3.75 ms to 0.81 ms p50 (wrk -c1 on bench/token-read.lua; see docs/performance.md).
     */
    private Uni<Connection> findReadableRow(Caller caller, UUID id) {
        if (!caller.mayRead(id)) {
            return Uni.createFrom().nullItem();
        }
        return rows.read(id).map(row -> row != null && row.connection().ownerId.equals(caller.ownerId())
                ? row.connection() : null);
    }

    private Uni<Connection> loadReadable(Caller caller, UUID id) {
        return findReadable(caller, id).onItem().ifNull().failWith(() -> ApiException.notFound("connection"));
    }

    private Uni<Provider> providerOf(Connection c) {
        return providers.findByName(c.provider);
    }

    private Uni<Map<String, Integer>> skews() {
        return providers.listAll().map(all -> {
            Map<String, Integer> skew = new HashMap<>();
            all.forEach(p -> skew.put(p.name, p.refreshSkewSeconds));
            return skew;
        });
    }

    private static ConnectionStatus statusOf(Connection c, Provider provider) {
        return ConnectionStatus.of(c, provider == null ? 60 : provider.refreshSkewSeconds, Instant.now());
    }

    private static ConnectionStatus statusOf(Connection c, Map<String, Integer> skews) {
        return ConnectionStatus.of(c, skews.getOrDefault(c.provider, 60), Instant.now());
    }

    private static AuditEvent connectionEvent(String action, Caller caller, Connection c, RequestInfo info) {
        return AuditEvent.of(action).actor(caller).request(info).connection(c.id, c.ownerId, c.provider);
    }

    private static ConnectionStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ConnectionStatus.valueOf(status.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("status must be one of VALID, EXPIRING, EXPIRED, NO_TOKEN, NEEDS_REAUTH, "
                    + "ERROR, REVOKED");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
