package dev.tokenvault.token;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.refresh.RefreshCoordinator;
import io.smallrye.mutiny.Uni;

/**
 * Hands out a currently valid access token: reads the connection, refreshes it first when its token does not
 * stay valid long enough, audits the hand-out and only then lets the token leave (fail closed: no audit
 * record, no token).
 */
@ApplicationScoped
public class TokenService {

    static final int MAX_MIN_TTL = 86_400;

    private final ConnectionStore connections;
    private final RefreshCoordinator refresher;
    private final Sealer sealer;
    private final AuditWriter audit;
    private final Fingerprinter fingerprinter;
    private final UsageRecorder usage;

    public TokenService(ConnectionStore connections, RefreshCoordinator refresher, Sealer sealer, AuditWriter audit,
            Fingerprinter fingerprinter, UsageRecorder usage) {
        this.connections = connections;
        this.refresher = refresher;
        this.sealer = sealer;
        this.audit = audit;
        this.fingerprinter = fingerprinter;
        this.usage = usage;
    }

    /**
     * The access token when it stays valid for {@code minTtl} seconds, refreshed first when it does not. The
     * hand-out is audited before the token leaves: if the audit record cannot be written, nothing is handed out.
     */
    public Uni<TokenView> token(Caller caller, UUID id, int minTtl, boolean forceRefresh, RequestInfo info) {
        if (minTtl < 0 || minTtl > MAX_MIN_TTL) {
            throw ApiException.invalidRequest("min_ttl must be between 0 and " + MAX_MIN_TTL);
        }
        return findReadable(caller, id)
                .flatMap(c -> c == null ? refuseUnknown() : ensureFresh(caller, info, c, minTtl, forceRefresh))
                .onFailure(ApiException.class).call(e -> auditFailure(caller, id, info, (ApiException) e))
                .flatMap(c -> handOut(caller, c, info));
    }

    /**
     * A connection the caller may read: a user's own, or one bound to a workload or API key (and still owned by
     * the user behind it); null for anything else, exactly like a missing id. One primary-key read.
     */
    private Uni<Connection> findReadable(Caller caller, UUID id) {
        if (!caller.mayRead(id)) {
            return Uni.createFrom().nullItem();
        }
        return connections.read(id).map(row -> row != null && row.connection().ownerId.equals(caller.ownerId())
                ? row.connection() : null);
    }

    private Uni<Connection> ensureFresh(Caller caller, RequestInfo info, Connection c, int minTtl,
            boolean forceRefresh) {
        if (!c.state.refreshable()) {
            return Uni.createFrom().failure(
                    new TokenFailure(c, 409, "needs_reauth", "the connection needs to be authorised again"));
        }
        if (!forceRefresh && validFor(c, minTtl)) {
            return Uni.createFrom().item(c);
        }
        return refresher.refresh(c, RefreshCoordinator.Trigger.of(caller, info))
                .onFailure(ApiException.class).recoverWithUni(failure -> !forceRefresh && validFor(c, 0)
                        // refresh failed, but the current token is still valid (a caller whose token was refused
                        // asked with force_refresh: it gets the error, never the token it already had)
                        ? Uni.createFrom().item(c)
                        : Uni.createFrom().failure(new TokenFailure(c, (ApiException) failure)));
    }

    private static boolean validFor(Connection c, int seconds) {
        return c.accessToken != null && (c.expiresAt == null || c.expiresAt.isAfter(Instant.now().plusSeconds(seconds)));
    }

    private Uni<TokenView> handOut(Caller caller, Connection c, RequestInfo info) {
        String token = sealer.openString(c.accessToken, c.accessTokenField());
        Long expiresIn = c.expiresAt == null ? null : Math.max(0, Duration.between(Instant.now(), c.expiresAt).toSeconds());
        AuditEvent event = AuditEvent.of("token.read").actor(caller).request(info)
                .connection(c.id, c.ownerId, c.provider).success(200).fingerprint(fingerprinter.fingerprint(token));
        return audit.record(event)
                .invoke(() -> usage.used(c.id, event.at))
                .map(ignored -> new TokenView(token, c.tokenType, c.expiresAt, expiresIn, c.scopeList()));
    }

    private static Uni<Connection> refuseUnknown() {
        return Uni.createFrom().failure(new TokenFailure(null, 404, "not_found", "connection not found"));
    }

    private Uni<Void> auditFailure(Caller caller, UUID id, RequestInfo info, ApiException failure) {
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
}
