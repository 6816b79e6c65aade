package dev.tokenvault.connect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.vertx.core.json.JsonObject;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.audit.RequestInfo;
import dev.tokenvault.connection.Connection;
import dev.tokenvault.connection.ConnectionRepository;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.identity.Caller;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Db;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.Validation;
import dev.tokenvault.provider.Provider;
import dev.tokenvault.provider.ProviderRepository;
import dev.tokenvault.refresh.ProviderError;
import dev.tokenvault.refresh.ProviderTokenClient;
import dev.tokenvault.refresh.TokenResponse;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

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
    private final ConnectionRepository connections;
    private final ProviderTokenClient tokenClient;
    private final Sealer sealer;
    private final Keyring keyring;
    private final AuditWriter audit;
    private final TokenvaultConfig config;

    public ConnectService(ConnectFlowRepository flows, ProviderRepository providers, ConnectionRepository connections,
            ProviderTokenClient tokenClient, Sealer sealer, Keyring keyring, AuditWriter audit,
            TokenvaultConfig config) {
        this.flows = flows;
        this.providers = providers;
        this.connections = connections;
        this.tokenClient = tokenClient;
        this.sealer = sealer;
        this.keyring = keyring;
        this.audit = audit;
        this.config = config;
    }

    /** What the browser needs to go on: the provider's authorize URL. */
    public record Started(String authorizeUrl) {
    }

    /** A finished flow: the connection, whether it was new, and where the browser goes next (may be null). */
    public record Finished(UUID connectionId, String provider, String externalAccount, boolean created,
            String returnTo) {
    }

    // ----------------------------------------------------------------------------------------------- start

    public Uni<Started> start(Caller caller, String providerName, String returnTo, String externalAccount,
            String browserBinding) {
        UUID owner = caller.userId();
        String target = ReturnTo.check(returnTo);
        String account = Validation.optional(externalAccount, "external_account", 256);
        String state = Tokens.random();
        String verifier = Tokens.random();
        return Panache.withTransaction(() -> flows.deleteExpiredBefore(Instant.now().minus(KEEP_EXPIRED))
                .flatMap(ignored -> requireConnectable(providerName))
                .flatMap(provider -> flows.persist(newFlow(caller, owner, provider, state, verifier, browserBinding,
                        account, target)).map(flow -> provider)))
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

    private ConnectFlow newFlow(Caller caller, UUID owner, Provider provider, String state, String verifier,
            String browserBinding, String account, String returnTo) {
        ConnectFlow flow = new ConnectFlow();
        flow.id = UUID.randomUUID();
        flow.stateHash = Tokens.s256(state);
        flow.browserHash = Tokens.s256(browserBinding);
        flow.ownerId = owner;
        flow.ownerName = caller.auditSubject();
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
        StringBuilder url = new StringBuilder(provider.authorizeUrl)
                .append(provider.authorizeUrl.contains("?") ? '&' : '?')
                .append("response_type=code")
                .append("&client_id=").append(encode(provider.clientId))
                .append("&redirect_uri=").append(encode(redirectUri()));
        if (provider.scopes != null && !provider.scopes.isBlank()) {
            url.append("&scope=").append(encode(provider.scopes));
        }
        return url.append("&state=").append(state)
                .append("&code_challenge=").append(Tokens.s256(verifier))
                .append("&code_challenge_method=S256").toString();
    }

    public String redirectUri() {
        // read per call, not from the start-up mapping: tests give the URL their random port, known only once
        // the HTTP server listens (%test.tokenvault.public-url=http://localhost:${quarkus.http.test-port})
        String base = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("tokenvault.public-url", String.class).orElse(config.publicUrl());
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + CALLBACK_PATH;
    }

    // ---------------------------------------------------------------------------------------------- finish

    /**
     * Finishes a flow. {@code caller} is the authenticated user when the callback carried credentials (then it
     * must be the user who started the flow), else null, and then the browser binding must match.
     */
    public Uni<Finished> finish(Caller caller, String browserBinding, String state, String code, String error,
            RequestInfo info) {
        if (state == null || state.isBlank()) {
            throw new ConnectFailure(400, "invalid_request", "The callback carries no state. Start connecting again.");
        }
        if (!Tokens.wellFormed(state)) {
            throw ConnectFailure.unknownState();
        }
        return Panache.withTransaction(() -> consume(Tokens.s256(state), caller, browserBinding))
                .invoke(ConnectService::checkNotExpired)
                .flatMap(flow -> exchange(flow, code, error)
                        .flatMap(tokens -> store(flow, tokens))
                        .call(finished -> audit.record(event(flow, finished, info)))
                        .onFailure(ApiException.class).call(e -> audit.record(failureEvent(flow, (ApiException) e, info))));
    }

    /** Uses the flow's state once: looked up under a row lock, checked against the caller, then deleted. */
    private Uni<ConnectFlow> consume(String stateHash, Caller caller, String browserBinding) {
        return flows.findForUpdate(stateHash)
                .onItem().ifNull().failWith(ConnectFailure::unknownState)
                .invoke(flow -> checkBoundTo(flow, caller, browserBinding))
                .call(flows::delete);
    }

    private static void checkNotExpired(ConnectFlow flow) {
        if (flow.expiresAt.isBefore(Instant.now())) {
            throw ConnectFailure.expired();
        }
    }

    private static void checkBoundTo(ConnectFlow flow, Caller caller, String browserBinding) {
        boolean bound = caller != null
                ? caller.kind() == Caller.Kind.USER && flow.ownerId.toString().equals(caller.subject())
                : Tokens.wellFormed(browserBinding) && java.security.MessageDigest.isEqual(
                        flow.browserHash.getBytes(StandardCharsets.US_ASCII),
                        Tokens.s256(browserBinding).getBytes(StandardCharsets.US_ASCII));
        if (!bound) {
            throw ConnectFailure.wrongUser();
        }
    }

    private Uni<TokenResponse> exchange(ConnectFlow flow, String code, String error) {
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
        return Panache.withSession(() -> providers.findByName(flow.provider))
                .onItem().ifNull().failWith(() -> ApiException.notFound("provider"))
                .flatMap(provider -> tokenClient.exchangeCode(provider,
                        sealer.openString(provider.clientSecret, provider.clientSecretField()), code, flow.redirectUri,
                        verifier))
                .onFailure(ProviderError.class).transform(e -> providerFailure((ProviderError) e));
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

    /** Stores a new connection, or updates the user's existing one for this provider and account. */
    private Uni<Finished> store(ConnectFlow flow, TokenResponse tokens) {
        String account = flow.externalAccount != null ? flow.externalAccount : subjectOf(tokens.idToken());
        return Panache.withTransaction(() -> connections.find(
                "ownerId = ?1 and provider = ?2 and coalesce(externalAccount, '') = ?3",
                flow.ownerId, flow.provider, account == null ? "" : account)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(existing -> existing == null ? insert(flow, account, tokens) : update(flow, existing, tokens)))
                .onFailure(Db::isUniqueViolation).retry().atMost(1);
    }

    private Uni<Finished> insert(ConnectFlow flow, String account, TokenResponse tokens) {
        Connection c = new Connection();
        c.id = UUID.randomUUID();
        c.ownerId = flow.ownerId;
        c.provider = flow.provider;
        c.externalAccount = account;
        c.metadata = new HashMap<>();
        c.createdAt = Instant.now();
        c.version = 0;
        apply(c, tokens);
        return connections.persistAndFlush(c)
                .map(saved -> new Finished(c.id, c.provider, c.externalAccount, true, flow.returnTo));
    }

    private Uni<Finished> update(ConnectFlow flow, Connection c, TokenResponse tokens) {
        apply(c, tokens);
        c.version = c.version + 1; // the refresh pipeline's compare-and-swap sees the row moved
        return connections.flush()
                .map(ignored -> new Finished(c.id, c.provider, c.externalAccount, false, flow.returnTo));
    }

    private void apply(Connection c, TokenResponse tokens) {
        c.keyId = keyring.primaryId();
        c.accessToken = sealer.seal(tokens.accessToken(), c.accessTokenField());
        if (tokens.refreshToken() != null && !tokens.refreshToken().isBlank()) {
            c.refreshToken = sealer.seal(tokens.refreshToken(), c.refreshTokenField());
        } else if (c.refreshToken != null) {
            c.refreshToken = sealer.rewrap(c.refreshToken, c.refreshTokenField()); // kept, under the primary key
        }
        c.tokenType = tokens.tokenType() == null ? "Bearer" : tokens.tokenType();
        long lifetime = tokens.expiresIn() != null ? tokens.expiresIn() : config.refresh().defaultLifetime().toSeconds();
        c.expiresAt = Instant.now().plusSeconds(lifetime);
        if (tokens.scope() != null) {
            c.scopes = tokens.scope().trim();
        } else if (c.scopes == null) {
            c.scopes = "";
        }
        c.state = "ACTIVE";
        c.stateReason = null;
        c.stateMessage = null;
        c.lastErrorAt = null;
        c.nextRetryAt = null;
        c.consecutiveFailures = 0;
        c.updatedAt = Instant.now();
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
                .actor("user", flow.ownerName).request(info)
                .connection(finished.connectionId(), flow.ownerId, flow.provider)
                .success(finished.created() ? 201 : 200);
    }

    private static AuditEvent failureEvent(ConnectFlow flow, ApiException e, RequestInfo info) {
        AuditEvent event = AuditEvent.of("connection.create").actor("user", flow.ownerName).request(info)
                .connection(null, flow.ownerId, flow.provider);
        return "access_denied".equals(e.code()) ? event.denied(e.status(), e.code()) : event.failure(e.status(), e.code());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
