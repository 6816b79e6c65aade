package dev.tokenvault.connect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionAccess;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.connection.NewTokens;
import dev.tokenvault.connection.ProviderTokens;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.RandomTokens;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.project.Action;
import dev.tokenvault.project.ProjectService;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import dev.tokenvault.refresh.ProviderError;
import dev.tokenvault.refresh.ProviderTokenClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The OAuth connect flow (authorization code with PKCE S256): {@link #start} keeps state, verifier and the
 * browser binding server-side and answers the provider's authorize URL; {@link #finish} takes the callback,
 * uses the state once, exchanges the code at the provider (no database connection is held meanwhile) and
 * stores or updates the user's connection for that provider and account.
 */
@ApplicationScoped
public class ConnectService {

    public static final Duration FLOW_TTL = Duration.ofMinutes(10);
    public static final String CALLBACK_PATH = "/v1/oauth/callback";
    static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final ConnectFlowRepository flows;
    private final ProviderRepository providers;
    private final ConnectionStore connections;
    private final ProviderTokenClient tokenClient;
    private final Sealer sealer;
    private final Keyring keyring;
    private final Fingerprinter fingerprinter;
    private final AuditWriter audit;
    private final TokenvaultConfig config;
    private final ProjectService projects;
    private final ConnectSessionRepository sessions;

    public ConnectService(ConnectFlowRepository flows, ProviderRepository providers, ConnectionStore connections,
            ProviderTokenClient tokenClient, Sealer sealer, Keyring keyring, Fingerprinter fingerprinter,
            AuditWriter audit, TokenvaultConfig config, ProjectService projects, ConnectSessionRepository sessions) {
        this.projects = projects;
        this.sessions = sessions;
        this.flows = flows;
        this.providers = providers;
        this.connections = connections;
        this.tokenClient = tokenClient;
        this.sealer = sealer;
        this.keyring = keyring;
        this.fingerprinter = fingerprinter;
        this.audit = audit;
        this.config = config;
    }

    /** What the browser needs to go on: the provider's authorize URL. */
    public record Started(String authorizeUrl) {
    }

    /**
     * A finished flow: the connection, whether it was new, and where the browser goes next (may be null; an
     * application's own URL for a connect session, which also learns of a failure there: {@code error}).
     */
    public record Finished(UUID connectionId, String provider, String externalAccount, boolean created,
            String returnTo, boolean external, String error) {
    }

    // ----------------------------------------------------------------------------------------------- start

    /**
     * Starts a signed-in user's flow: into {@code project} (they must be allowed to connect there) or their personal
     * project, for {@code subject} when given.
     */
    public Uni<Started> start(Caller caller, String providerName, String project, String subject, String returnTo,
            String externalAccount, String browserBinding) {
        UUID owner = caller.userId();
        String target = ReturnTo.check(returnTo);
        String account = Validation.optional(externalAccount, "external_account", 256);
        String checkedSubject = ConnectionAccess.checkedSubject(subject);
        Uni<ProjectService.Scoped> scoped = project == null ? projects.defaultFor(caller, Action.CONNECT)
                : projects.require(caller, project, Action.CONNECT);
        String state = RandomTokens.random();
        String verifier = RandomTokens.random();
        return scoped.flatMap(s -> requireConnectable(providerName)
                .call(provider -> flows.start(newFlow(caller.auditSubject(), owner, s.id(), checkedSubject, null,
                        provider, state, verifier, browserBinding, account, target), Instant.now().minus(KEEP_EXPIRED)))
                .map(provider -> new Started(authorizeUrl(provider, state, verifier))));
    }

    /** Starts the flow of a claimed connect session, for the end user in front of the browser. */
    Uni<Started> start(ConnectSession session, String browserBinding) {
        String state = RandomTokens.random();
        String verifier = RandomTokens.random();
        return requireConnectable(session.provider)
                .call(provider -> flows.start(newFlow("connect_session:" + session.id, null, session.projectId,
                        session.subject, session.id, provider, state, verifier, browserBinding, null, session.returnTo),
                        Instant.now().minus(KEEP_EXPIRED)))
                .map(provider -> new Started(authorizeUrl(provider, state, verifier)));
    }

    private Uni<Provider> requireConnectable(String name) {
        return providers.findByName(name)
                .onItem().ifNull().failWith(() -> ApiException.notFound("provider"))
                .invoke(p -> {
                    if (p.authorizeUrl == null || p.authorizeUrl.isBlank()) {
                        throw ApiException.invalidRequest("provider '" + p.name + "' has no authorize_url");
                    }
                });
    }

    private ConnectFlow newFlow(String startedBy, UUID owner, UUID project, String subject, UUID session,
            Provider provider, String state, String verifier, String browserBinding, String account, String returnTo) {
        ConnectFlow flow = new ConnectFlow();
        flow.id = UUID.randomUUID();
        flow.stateHash = RandomTokens.s256(state);
        flow.browserHash = RandomTokens.s256(browserBinding);
        flow.projectId = project;
        flow.subject = subject;
        flow.connectSessionId = session;
        flow.ownerId = owner;
        flow.ownerName = startedBy;
        flow.provider = provider.name;
        flow.externalAccount = account == null || account.isBlank() ? null : account;
        flow.keyId = keyring.primaryId();
        flow.codeVerifier = sealer.seal(verifier, flow.codeVerifierField());
        flow.redirectUri = redirectUri();
        flow.returnTo = returnTo;
        flow.createdAt = Instant.now();
        flow.expiresAt = flow.createdAt.plus(FLOW_TTL);
        return flow;
    }

    private String authorizeUrl(Provider provider, String state, String verifier) {
        return authorizeUrl(provider, redirectUri(), state, RandomTokens.s256(verifier));
    }

    /**
     * The provider's authorize URL for one flow: the scopes joined as the provider wants them (space, or comma for
     * Slack, Shopify, ...), then the provider's extra parameters (Google's {@code access_type=offline}, Atlassian's
     * {@code audience}, ...), then state and the PKCE challenge.
     */
    static String authorizeUrl(Provider provider, String redirectUri, String state, String challenge) {
        StringBuilder url = new StringBuilder(provider.authorizeUrl)
                .append(provider.authorizeUrl.contains("?") ? '&' : '?')
                .append("response_type=code")
                .append("&client_id=").append(encode(provider.clientId))
                .append("&redirect_uri=").append(encode(redirectUri));
        if (!provider.scopeList().isEmpty()) {
            url.append("&scope=").append(encode(provider.scopeParameter()));
        }
        if (provider.authorizeParams != null) {
            provider.authorizeParams.forEach((name, value) -> url.append('&').append(encode(name)).append('=')
                    .append(encode(value)));
        }
        return url.append("&state=").append(state)
                .append("&code_challenge=").append(challenge)
                .append("&code_challenge_method=S256").toString();
    }

    public String redirectUri() {
        return publicUrl() + CALLBACK_PATH;
    }

    /** This service's public URL, without a trailing slash. */
    public String publicUrl() {
        // read per call, not from the start-up mapping: tests give the URL their random port, known only once
        // the HTTP server listens (%test.tokenvault.public-url=http://localhost:${quarkus.http.test-port})
        String base = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("tokenvault.public-url", String.class).orElse(config.publicUrl());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    // ---------------------------------------------------------------------------------------------- finish

    /**
     * Finishes a flow. {@code caller} is the authenticated user when the callback carried credentials (then it
     * must be the user who started the flow), else null, and then the browser binding must match.
     */
    public Uni<Finished> finish(Caller caller, String browserBinding, String state, String code, String error,
            RequestInfo info) {
        return finish(caller, browserBinding, state, code, error, Map.of(), info);
    }

    /**
     * Finishes a flow, keeping those of the callback's other parameters that the provider's catalog entry names
     * ({@code callback_params}: QuickBooks' {@code realmId}) in the connection's metadata.
     */
    public Uni<Finished> finish(Caller caller, String browserBinding, String state, String code, String error,
            Map<String, String> callbackParams, RequestInfo info) {
        if (state == null || state.isBlank()) {
            throw new ConnectFailure(400, "invalid_request", "The callback carries no state. Start connecting again.");
        }
        if (!RandomTokens.wellFormed(state)) {
            throw ConnectFailure.unknownState();
        }
        return flows.take(RandomTokens.s256(state), flow -> checkBoundTo(flow, caller, browserBinding))
                .onItem().ifNull().failWith(ConnectFailure::unknownState)
                .flatMap(flow -> Uni.createFrom().item(flow).invoke(ConnectService::checkNotExpired)
                        .flatMap(ignored -> exchange(flow, code, error, callbackParams))
                        .flatMap(exchanged -> store(flow, exchanged))
                        .call(finished -> audit.record(event(flow, finished, info)))
                        .call(finished -> flow.connectSessionId == null ? Uni.createFrom().voidItem()
                                : sessions.connected(flow.connectSessionId, finished.connectionId(), Instant.now()))
                        .onFailure(ApiException.class).call(e -> audit.record(failureEvent(flow, (ApiException) e, info)))
                        .onFailure(ApiException.class).recoverWithUni(e -> endOfSession(flow, (ApiException) e)));
    }

    /**
     * A connect session that failed ends there, and when the application gave a {@code return_to} the browser goes
     * back to it with the error; a user's own flow fails as it is.
     */
    private Uni<Finished> endOfSession(ConnectFlow flow, ApiException failure) {
        if (flow.connectSessionId == null) {
            return Uni.createFrom().failure(failure);
        }
        return sessions.failed(flow.connectSessionId, failure.code(), Instant.now())
                .flatMap(ignored -> flow.returnTo == null ? Uni.createFrom().failure(failure)
                        : Uni.createFrom().item(new Finished(null, flow.provider, null, false,
                                withParameters(flow.returnTo, "status=error&error=" + encode(failure.code())), true,
                                failure.code())));
    }

    static String withParameters(String url, String parameters) {
        return url + (url.contains("?") ? "&" : "?") + parameters;
    }

    private static void checkNotExpired(ConnectFlow flow) {
        if (flow.expiresAt.isBefore(Instant.now())) {
            throw ConnectFailure.expired();
        }
    }

    private static void checkBoundTo(ConnectFlow flow, Caller caller, String browserBinding) {
        boolean bound = caller != null && flow.ownerId != null
                ? caller.kind() == Caller.Kind.USER && flow.ownerId.toString().equals(caller.subject())
                : RandomTokens.wellFormed(browserBinding) && java.security.MessageDigest.isEqual(
                        flow.browserHash.getBytes(StandardCharsets.US_ASCII),
                        RandomTokens.s256(browserBinding).getBytes(StandardCharsets.US_ASCII));
        if (!bound) {
            throw ConnectFailure.wrongUser();
        }
    }

    /** The tokens a code was exchanged for, and the provider that issued them (its lifetimes apply). */
    private record Exchanged(Provider provider, ProviderTokens tokens) {
    }

    private Uni<Exchanged> exchange(ConnectFlow flow, String code, String error, Map<String, String> callbackParams) {
        if (error != null && !error.isBlank()) {
            return Uni.createFrom().failure("access_denied".equals(error) ? ConnectFailure.denied()
                    : new ConnectFailure(502, "provider_error", "The provider ended the sign-in with an error ("
                            + (error.matches("[a-z_]{1,64}") ? error : "unknown") + "). Nothing was connected."));
        }
        if (code == null || code.isBlank() || code.length() > 4096) {
            return Uni.createFrom().failure(new ConnectFailure(400, "invalid_request",
                    "The callback carries no authorization code. Start connecting again."));
        }
        String verifier = sealer.openString(flow.codeVerifier, flow.codeVerifierField());
        return providers.findByName(flow.provider)
                .onItem().ifNull().failWith(() -> ApiException.notFound("provider"))
                .flatMap(provider -> tokenClient.exchangeCode(provider,
                        sealer.openString(provider.clientSecret, provider.clientSecretField()), code, flow.redirectUri,
                        verifier).map(tokens -> new Exchanged(provider,
                                tokens.withMetadata(kept(provider, callbackParams)))))
                .onFailure(ProviderError.class).transform(e -> providerFailure((ProviderError) e));
    }

    /** The callback parameters the provider's entry names, when they are short printable text. */
    static Map<String, String> kept(Provider provider, Map<String, String> callbackParams) {
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        for (String name : provider.callbackParamList()) {
            String value = callbackParams.get(name);
            if (value != null && value.matches("[\\x20-\\x7e]{1,256}")) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    private static ConnectFailure providerFailure(ProviderError e) {
        return switch (e.kind()) {
            case RATE_LIMITED, UNAVAILABLE -> new ConnectFailure(503, "provider_unavailable",
                    "The provider could not be reached to finish connecting (" + e.code() + "). Try again later.",
                    e.retryAfterSeconds() == null ? 30L : e.retryAfterSeconds());
            case INVALID_GRANT, REJECTED -> new ConnectFailure(502, "provider_error",
                    "The provider refused to finish connecting (" + e.code() + "). Start connecting again.");
        };
    }

    /**
     * Stores a new connection, or applies the new tokens to the user's existing one for this provider and
     * account (repairing it from NEEDS_REAUTH). A concurrent writer (a second callback, a refresh) makes the
     * compare-and-swap or the unique index refuse; the store is then tried once more against what is there.
     */
    private Uni<Finished> store(ConnectFlow flow, Exchanged tokens) {
        String account = flow.externalAccount != null ? flow.externalAccount : subjectOf(tokens.tokens().idToken());
        Uni<Connection> existing = flow.subject != null
                ? connections.findBySubject(flow.projectId, flow.provider, flow.subject)
                : connections.findByAccount(flow.projectId, flow.provider, account);
        return existing
                .flatMap(found -> found == null ? insert(flow, account, tokens) : update(flow, found, tokens))
                .onFailure(e -> Db.isUniqueViolation(e) || e instanceof Moved).retry().atMost(1);
    }

    private Uni<Finished> insert(ConnectFlow flow, String account, Exchanged tokens) {
        Instant now = Instant.now();
        Connection fresh = Connection.create(flow.projectId, flow.ownerId, flow.provider, flow.subject, account, now);
        Connection c = fresh.withTokens(seal(fresh, tokens), false, now);
        return connections.add(c).map(saved -> finished(flow, c, true));
    }

    private Uni<Finished> update(ConnectFlow flow, Connection existing, Exchanged tokens) {
        return connections.applyTokens(existing.id, existing.version, seal(existing, tokens), false)
                .onItem().ifNull().failWith(Moved::new)
                .map(c -> finished(flow, c, false));
    }

    private static Finished finished(ConnectFlow flow, Connection c, boolean created) {
        if (flow.connectSessionId == null) {
            return new Finished(c.id, c.provider, c.externalAccount, created, flow.returnTo, false, null);
        }
        String back = flow.returnTo == null ? null
                : withParameters(flow.returnTo, "connection_id=" + c.id + "&status=connected");
        return new Finished(c.id, c.provider, c.externalAccount, created, back, true, null);
    }

    /** The new pair of a fresh consent: the grant's lifetime counts from now. */
    private NewTokens seal(Connection row, Exchanged exchanged) {
        return NewTokens.seal(row, exchanged.tokens(), exchanged.provider().lifetimes(config.refresh().defaultLifetime()),
                true, sealer, keyring, fingerprinter, Instant.now());
    }

    /** The connection was written by someone else between our read and our write. */
    private static final class Moved extends RuntimeException {
        Moved() {
            super("the connection changed meanwhile", null, false, false);
        }
    }

    /**
     * The {@code sub} claim of an OpenID Connect id_token. It came straight from the provider's token endpoint
     * over the back channel, so it is not signature-checked here (OpenID Connect Core §3.1.3.7); it only names
     * the account, it grants nothing.
     */
    static String subjectOf(String idToken) {
        if (idToken == null) {
            return null;
        }
        String[] parts = idToken.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            String sub = claims.getString("sub");
            return sub == null || sub.isBlank() || sub.length() > 256 ? null : sub;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static AuditEvent event(ConnectFlow flow, Finished finished, RequestInfo info) {
        return AuditEvent.of(finished.created() ? "connection.create" : "connection.reconnect")
                .actor(actorKind(flow), flow.ownerName).request(info)
                .connection(finished.connectionId(), flow.projectId, flow.provider)
                .success(finished.created() ? 201 : 200);
    }

    /** A user's own flow is theirs; a connect session's is the end user's, named by the session. */
    private static String actorKind(ConnectFlow flow) {
        return flow.connectSessionId == null ? "user" : "end_user";
    }

    private static AuditEvent failureEvent(ConnectFlow flow, ApiException e, RequestInfo info) {
        AuditEvent event = AuditEvent.of("connection.create").actor(actorKind(flow), flow.ownerName).request(info)
                .connection(null, flow.projectId, flow.provider);
        return "access_denied".equals(e.code()) ? event.denied(e.status(), e.code()) : event.failure(e.status(), e.code());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
