package dev.tokenvault.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.ConnectionAccess;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.RandomTokens;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectService;
import dev.tokenvault.project.ReturnUrls;
import dev.tokenvault.provider.ProviderRepository;
import io.smallrye.mutiny.Uni;

/**
 * Connect sessions: an application (a project member, or an API key with {@code connect}) asks for a link, and its
 * end user, who needs no account here, connects their account at a provider through it. The result is stored as
 * the project's connection for that provider and subject (or repairs it), and the browser goes back to the
 * application's {@code return_to}, which must match the project's {@code allowed_return_urls}.
 */
@ApplicationScoped
public class ConnectSessionService {

    public static final String PAGE_PATH = "/connect/";
    static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    static final Duration MIN_TTL = Duration.ofMinutes(1);
    static final Duration MAX_TTL = Duration.ofDays(7);
    static final Duration KEEP_ENDED = Duration.ofDays(30);

    private final ConnectSessionRepository sessions;
    private final ProjectService projects;
    private final ProviderRepository providers;
    private final ConnectService connect;
    private final AuditWriter audit;
    private final TokenvaultConfig config;

    public ConnectSessionService(ConnectSessionRepository sessions, ProjectService projects,
            ProviderRepository providers, ConnectService connect, AuditWriter audit, TokenvaultConfig config) {
        this.sessions = sessions;
        this.projects = projects;
        this.providers = providers;
        this.connect = connect;
        this.audit = audit;
        this.config = config;
    }

    /** Body of {@code POST /v1/projects/{project}/connect-sessions}. */
    @Schema(requiredProperties = { "provider", "subject" })
    public record NewConnectSession(String provider, String subject,
            @Schema(description = "Where the browser goes afterwards; must match the project's "
                    + "`allowed_return_urls`.") String returnTo,
            @Schema(description = "How long the link works (default 30 minutes).") Integer ttlSeconds) {
    }

    /** The answer: {@code connect_url} carries the session's secret and is shown only here. */
    @Schema(name = "ConnectSessionCreated")
    public record Created(UUID id, String connectUrl, Instant expiresAt) {
        @Override
        public String toString() {
            return "Created[" + id + "]"; // never the URL, which carries the secret
        }
    }

    @Schema(name = "ConnectSession")
    public record SessionView(UUID id, String provider, String subject,
            @Schema(enumeration = { "pending", "connected", "failed", "expired" }) String status, UUID connectionId,
            String error,
            Instant createdAt, Instant expiresAt) {
        static SessionView of(ConnectSession s, Instant now) {
            return new SessionView(s.id, s.provider, s.subject, s.visibleStatus(now), s.connectionId, s.error,
                    s.createdAt, s.expiresAt);
        }
    }

    public Uni<Created> create(Caller caller, String project, NewConnectSession request, RequestInfo info) {
        String provider = Validation.required(request.provider(), "provider", 64);
        String subject = ConnectionAccess.checkedSubject(request.subject());
        if (subject == null) {
            throw ApiException.invalidRequest("field 'subject' is required: it names whose account is connected");
        }
        Duration ttl = checkedTtl(request.ttlSeconds());
        String returnTo = Validation.optional(request.returnTo(), "return_to", 2048);
        return projects.require(caller, project, Action.CONNECT)
                .invoke(s -> {
                    if (!caller.isUser() && !caller.scope().providers().isEmpty()
                            && !caller.scope().providers().contains(provider)) {
                        throw ApiException.forbidden("this credential may not connect '" + provider + "'");
                    }
                    if (returnTo != null && !ReturnUrls.allowed(s.project().returnUrlList(), returnTo,
                            config.allowInsecureUrls())) {
                        throw ApiException.invalidRequest("field 'return_to' does not match the project's "
                                + "allowed_return_urls");
                    }
                })
                .call(s -> providers.findByName(provider)
                        .onItem().ifNull().failWith(() -> ApiException.invalidRequest(
                                "field 'provider' names no registered provider"))
                        .invoke(p -> {
                            if (p.authorizeUrl == null || p.authorizeUrl.isBlank()) {
                                throw ApiException.invalidRequest("provider '" + p.name + "' has no authorize_url");
                            }
                        }))
                .flatMap(s -> {
                    String secret = RandomTokens.random();
                    ConnectSession session = new ConnectSession();
                    session.id = UUID.randomUUID();
                    session.projectId = s.id();
                    session.provider = provider;
                    session.subject = subject;
                    session.returnTo = returnTo;
                    session.tokenHash = RandomTokens.s256(secret);
                    session.status = ConnectSession.PENDING;
                    session.createdBy = caller.kind().wireName() + ":" + caller.auditSubject();
                    session.createdAt = Instant.now();
                    session.expiresAt = session.createdAt.plus(ttl);
                    return sessions.add(session, Instant.now().minus(KEEP_ENDED))
                            .call(saved -> audit.record(AuditEvent.of("connect_session.create").actor(caller)
                                    .request(info).project(s.id()).success(201)))
                            .map(saved -> new Created(saved.id, connect.publicUrl() + PAGE_PATH + secret,
                                    saved.expiresAt));
                });
    }

    public Uni<SessionView> get(Caller caller, String project, UUID id) {
        return projects.require(caller, project, Action.CONNECT)
                .flatMap(s -> sessions.findInProject(id, s.id()))
                .onItem().ifNull().failWith(() -> ApiException.notFound("connect session"))
                .map(session -> SessionView.of(session, Instant.now()));
    }

    /** What the end user's page shows: the session behind a link, with its project; a clear failure otherwise. */
    public record Opened(ConnectSession session, String projectName, String providerName) {
    }

    public Uni<Opened> open(String secret) {
        if (!RandomTokens.wellFormed(secret)) {
            return Uni.createFrom().failure(unknownLink());
        }
        return sessions.findByTokenHash(RandomTokens.s256(secret))
                .onItem().ifNull().failWith(ConnectSessionService::unknownLink)
                .invoke(ConnectSessionService::checkUsable)
                .flatMap(session -> projects.project(session.projectId).map(p -> new Opened(session,
                        p.displayName != null ? p.displayName : p.name, session.provider)));
    }

    /** The end user chose to go on: the session is used (once) and the provider's authorize URL answered. */
    public Uni<ConnectService.Started> start(String secret, String browserBinding) {
        if (!RandomTokens.wellFormed(secret)) {
            return Uni.createFrom().failure(unknownLink());
        }
        String hash = RandomTokens.s256(secret);
        return sessions.claim(hash, Instant.now())
                .onItem().ifNull().switchTo(() -> sessions.findByTokenHash(hash)
                        .onItem().ifNull().failWith(ConnectSessionService::unknownLink)
                        .invoke(ConnectSessionService::checkUsable)
                        .map(s -> {
                            throw used();
                        }))
                .flatMap(session -> connect.start(session, browserBinding));
    }

    private static void checkUsable(ConnectSession session) {
        if (!ConnectSession.PENDING.equals(session.status)) {
            throw used();
        }
        if (!session.expiresAt.isAfter(Instant.now())) {
            throw new ConnectFailure(410, "expired", "This connect link has expired. Ask for a new one where you "
                    + "got it.");
        }
    }

    private static ConnectFailure used() {
        return new ConnectFailure(410, "used", "This connect link was already used. Ask for a new one where you "
                + "got it.");
    }

    private static ConnectFailure unknownLink() {
        return new ConnectFailure(404, "not_found", "This connect link is not valid. Check that you copied it whole.");
    }

    private static Duration checkedTtl(Integer seconds) {
        if (seconds == null) {
            return DEFAULT_TTL;
        }
        if (seconds < MIN_TTL.toSeconds() || seconds > MAX_TTL.toSeconds()) {
            throw ApiException.invalidRequest("field 'ttl_seconds' must be between " + MIN_TTL.toSeconds() + " and "
                    + MAX_TTL.toSeconds());
        }
        return Duration.ofSeconds(seconds);
    }
}
