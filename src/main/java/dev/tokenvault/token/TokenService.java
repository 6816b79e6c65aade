package dev.tokenvault.token;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionAccess;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectService;
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
    private final ProjectService projects;

    public TokenService(ConnectionStore connections, RefreshCoordinator refresher, Sealer sealer, AuditWriter audit,
            Fingerprinter fingerprinter, UsageRecorder usage, ProjectService projects) {
        this.projects = projects;
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
        checkMinTtl(minTtl);
        return connections.readFor(id, caller.isUser() ? caller.userId() : null)
                .map(found -> {
                    if (found == null) {
                        throw new TokenFailure(null, 404, "not_found", "connection not found");
                    }
                    ConnectionAccess.require(caller, found.connection(), found.role(), Action.READ_TOKENS);
                    return found.connection();
                })
                .flatMap(c -> ensureFresh(caller, info, c, minTtl, forceRefresh))
                .onFailure(ApiException.class).call(e -> auditFailure(caller, id, info, (ApiException) e))
                .flatMap(c -> handOut(caller, c, info));
    }

    /**
     * The same for the connection an application names by its own key: (project, provider, subject), the project by
     * id or name. One indexed read, like the read by id. Without a subject: the project's only connection to the
     * provider ({@code 409} naming the choice when there are several).
     */
    public Uni<TokenView> tokenFor(Caller caller, String project, String provider, String subject, int minTtl,
            boolean forceRefresh, RequestInfo info) {
        checkMinTtl(minTtl);
        Validation.required(provider, "provider", 64);
        String checkedSubject = ConnectionAccess.checkedSubject(subject);
        if (project == null || project.length() > 100) {
            throw ApiException.notFound("project");
        }
        return connections.lookup(project, provider, checkedSubject, caller.isUser() ? caller.userId() : null)
                .map(found -> ConnectionAccess.pick(caller, found, checkedSubject, Action.READ_TOKENS))
                .flatMap(c -> c != null ? Uni.createFrom().item(c)
                        : projects.require(caller, project, Action.READ_TOKENS).map(ignored -> {
                            throw new TokenFailure(null, 404, "not_found", "the project has no connection to '"
                                    + provider + "'" + (checkedSubject == null ? "" : " for this subject"));
                        }))
                .flatMap(c -> ensureFresh(caller, info, c, minTtl, forceRefresh))
                .onFailure(ApiException.class).call(e -> auditFailure(caller, null, info, (ApiException) e))
                .flatMap(c -> handOut(caller, c, info));
    }

    private static void checkMinTtl(int minTtl) {
        if (minTtl < 0 || minTtl > MAX_MIN_TTL) {
            throw ApiException.invalidRequest("min_ttl must be between 0 and " + MAX_MIN_TTL);
        }
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
                .connection(c.id, c.projectId, c.provider).success(200).fingerprint(fingerprinter.fingerprint(token));
        return audit.record(event)
                .invoke(() -> usage.used(c.id, event.at))
                .map(ignored -> new TokenView(token, c.tokenType, c.expiresAt, expiresIn, c.scopeList()));
    }

    private Uni<Void> auditFailure(Caller caller, UUID id, RequestInfo info, ApiException failure) {
        AuditEvent event = AuditEvent.of("token.read").actor(caller).request(info);
        if (failure instanceof TokenFailure tf && tf.connection != null) {
            event.connection(tf.connection.id, tf.connection.projectId, tf.connection.provider);
        } else {
            event.connection(id, null, null);
        }
        int status = failure.status();
        if (status == 404 || status == 403) {
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
