package dev.tokenvault.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client of tokenvault: currently valid provider tokens in one call, cached in this process and asked for once
 * however many threads want them.
 *
 * <pre>{@code
 * TokenVault vault = TokenVault.builder()
 *         .baseUrl("https://vault.example.com")
 *         .apiKey(System.getenv("TOKENVAULT_API_KEY"))
 *         .build();
 * AccessToken token = vault.token("acme-books", "quickbooks", "company-42");
 * }</pre>
 *
 * <ul>
 * <li>A token is kept until {@code expires_at − minTtl} (default 60 s); a token without expiry for
 * {@link Builder#maxAgeWithoutExpiry} (5 min).</li>
 * <li>One request per key is in flight at a time: 100 threads asking for the same key cause one request.</li>
 * <li>{@code 503}/{@code 429} answers are retried after their {@code Retry-After} when that is at most
 * {@link Builder#maxRetryWait} (10 s), at most {@link Builder#maxRetries} (3) times; then the typed exception
 * ({@link ProviderUnavailableException}, {@link RateLimitedException}) carries the time to retry.</li>
 * <li>{@link NeedsReauthException} when only a person can repair the connection; {@link NotFoundException} when it
 * does not exist (or is not the caller's).</li>
 * <li>Nothing here logs, prints or puts a token in an exception message or a {@code toString()}.</li>
 * </ul>
 * Thread-safe; make one per service and application.
 */
public final class TokenVault {

    static final String VERSION = "0.1.0";

    private final Http http;
    private final TokenCache cache;
    private final Duration minTtl;
    private final Clock clock;

    private TokenVault(Builder b) {
        this.clock = b.clock;
        this.minTtl = b.minTtl;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", b.userAgent);
        if (b.appName != null) {
            headers.put("X-App-Name", b.appName);
        }
        if (b.purpose != null) {
            headers.put("X-Purpose", b.purpose);
        }
        Credentials credentials = b.credentials != null ? b.credentials
                : b.workloadIdentity != null ? b.workloadIdentity.credentials() : null;
        this.http = new Http(b.baseUrl, b.httpClient != null ? b.httpClient : defaultClient(), credentials, b.clock,
                b.sleeper, b.maxRetries, b.maxRetryWait, b.requestTimeout, headers);
        this.cache = new TokenCache(this::fetch, b.clock, b.maxAgeWithoutExpiry);
    }

    public static Builder builder() {
        return new Builder();
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The service's URL, without a trailing slash. */
    public URI baseUrl() {
        return http.baseUrl();
    }

    // ---- tokens -------------------------------------------------------------------------------------------------

    /** A token of the connection with this id, valid for at least the default {@code minTtl}. */
    public AccessToken token(String connectionId) {
        return token(TokenKey.connection(connectionId), minTtl);
    }

    /** A token of the connection with this id, valid for at least {@code minTtl}. */
    public AccessToken token(String connectionId, Duration minTtl) {
        return token(TokenKey.connection(connectionId), minTtl);
    }

    /**
     * A token of the connection {@code (project, provider, subject)}, the application's own key for it (the project by
     * name or id), valid for at least the default {@code minTtl}.
     */
    public AccessToken token(String project, String provider, String subject) {
        return token(TokenKey.of(project, provider, subject), minTtl);
    }

    public AccessToken token(String project, String provider, String subject, Duration minTtl) {
        return token(TokenKey.of(project, provider, subject), minTtl);
    }

    public AccessToken token(TokenKey key) {
        return token(key, minTtl);
    }

    /** A token of {@code key} valid for at least {@code minTtl}: from this process's cache, or one shared request. */
    public AccessToken token(TokenKey key, Duration minTtl) {
        Objects.requireNonNull(key, "key");
        checkMinTtl(minTtl);
        return cache.get(key, minTtl);
    }

    /**
     * The provider refused {@code refused}: a new token, asked for once with {@code force_refresh=true} however many
     * callers report the same refusal. Throws what the refresh failed with; tokenvault never answers it with the
     * refused token.
     */
    public AccessToken refreshAfterRefusal(TokenKey key, AccessToken refused) {
        return cache.refreshAfterRefusal(key, refused, minTtl);
    }

    /** Forgets the cached token of {@code key}; the next call asks tokenvault. */
    public void invalidate(TokenKey key) {
        cache.invalidate(key);
    }

    /** The connection's state, why, and when tokenvault tries the provider again ({@code NO_TOKEN} when there is none). */
    public ConnectionStatus status(TokenKey key) {
        return ConnectionStatus.of(http.get(key.statusPath()));
    }

    /**
     * An {@link HttpClient} wrapper that calls the provider as the connection {@code (project, provider, subject)}:
     * it adds {@code Authorization: Bearer}, and when the provider answers {@code 401} asks tokenvault once for a
     * refreshed token and sends the request again.
     */
    public AuthorizedHttpClient client(String project, String provider, String subject) {
        return client(TokenKey.of(project, provider, subject), defaultClient());
    }

    /** The same on an {@link HttpClient} of your own (proxy, TLS, timeouts). */
    public AuthorizedHttpClient client(TokenKey key, HttpClient httpClient) {
        return new AuthorizedHttpClient(this, key, httpClient);
    }

    private AccessToken fetch(TokenKey key, Duration minTtl, boolean forceRefresh) {
        String path = key.tokenPath();
        path += (path.contains("?") ? "&" : "?") + "min_ttl=" + minTtl.toSeconds()
                + (forceRefresh ? "&force_refresh=true" : "");
        JsonNode answer;
        try {
            answer = http.get(path);
        } catch (NeedsReauthException e) {
            throw e.withReason(reasonOf(key));
        }
        String value = Http.text(answer, "access_token");
        if (value == null) {
            throw new TokenVaultException(200, "invalid_response", "the token endpoint answered no access_token",
                    "GET " + Http.pathOnly(path));
        }
        Instant received = clock.instant();
        Instant expiresAt = Json.instant(answer, "expires_at");
        Long expiresIn = Json.number(answer, "expires_in");
        if (expiresAt == null && expiresIn != null) {
            expiresAt = received.plusSeconds(expiresIn);
        }
        return new AccessToken(value, Http.text(answer, "token_type"), expiresAt, Json.strings(answer, "scopes"),
                received);
    }

    /** Why the connection needs a person: its status' reason (best effort; null when it cannot be read). */
    private String reasonOf(TokenKey key) {
        try {
            return status(key).reason();
        } catch (TokenVaultException unreadable) {
            return null;
        }
    }

    private static void checkMinTtl(Duration minTtl) {
        Objects.requireNonNull(minTtl, "minTtl");
        if (minTtl.isNegative() || minTtl.toSeconds() > 86_400) {
            throw new IllegalArgumentException("minTtl must be between 0 and 24 hours");
        }
    }

    // ---- who am I, projects, connections --------------------------------------------------------------------------

    /** Who the caller is, and in which projects. */
    public Me me() {
        return Me.of(http.get("/v1/me"));
    }

    /** The caller's projects with their role (an administrator sees all). */
    public List<Project> projects() {
        return pages("/v1/projects").stream().map(Project::of).toList();
    }

    /** The connections the caller may see, optionally of one project and one provider (null for all). */
    public List<Connection> connections(String project, String provider) {
        StringBuilder path = new StringBuilder("/v1/connections");
        char sep = '?';
        if (project != null) {
            path.append(sep).append("project=").append(Http.query(project));
            sep = '&';
        }
        if (provider != null) {
            path.append(sep).append("provider=").append(Http.query(provider));
        }
        return pages(path.toString()).stream().map(Connection::of).toList();
    }

    /** Deletes a connection: its stored tokens are destroyed (and revoked at the provider where it can). */
    public void deleteConnection(String connectionId) {
        http.delete("/v1/connections/" + Http.segment(connectionId));
        cache.invalidate(TokenKey.connection(connectionId));
    }

    // ---- connect links --------------------------------------------------------------------------------------------

    /**
     * A connect link for the end user {@code subject}: they open it, sign in at the provider, and the connection
     * {@code (project, provider, subject)} is stored (or repaired). {@code returnTo} (optional) must match one of the
     * project's allowed return URLs; {@code ttl} is null for the default (30 minutes).
     */
    public ConnectLink connectLink(String project, String provider, String subject, String returnTo, Duration ttl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("subject", subject);
        if (returnTo != null) {
            body.put("return_to", returnTo);
        }
        if (ttl != null) {
            body.put("ttl_seconds", ttl.toSeconds());
        }
        JsonNode answer = http.postJson("/v1/projects/" + Http.segment(project) + "/connect-sessions", body);
        return new ConnectLink(Http.text(answer, "id"), Http.text(answer, "connect_url"),
                Json.instant(answer, "expires_at"));
    }

    /** Where a connect link stands. */
    public ConnectSessionState connectSession(String project, String sessionId) {
        JsonNode n = http.get("/v1/projects/" + Http.segment(project) + "/connect-sessions/" + Http.segment(sessionId));
        return new ConnectSessionState(Http.text(n, "id"), Http.text(n, "status"), Http.text(n, "connection_id"),
                Http.text(n, "error"));
    }

    // ---- API keys -------------------------------------------------------------------------------------------------

    /**
     * Makes an API key of the project; the returned {@link ApiKey#key()} is the only time the key is shown.
     *
     * @param permissions {@code tokens:read}, {@code connections:write}, {@code connect}
     * @param providers null or empty: every connection of the project
     * @param expiresAt null: does not expire
     */
    public ApiKey createApiKey(String project, String name, List<String> permissions, List<String> providers,
            Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("permissions", permissions == null || permissions.isEmpty() ? List.of("tokens:read") : permissions);
        if (providers != null && !providers.isEmpty()) {
            body.put("providers", providers);
        }
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return ApiKey.of(http.postJson("/v1/projects/" + Http.segment(project) + "/api-keys", body));
    }

    public List<ApiKey> apiKeys(String project) {
        return pages("/v1/projects/" + Http.segment(project) + "/api-keys").stream().map(ApiKey::of).toList();
    }

    /** Revokes a key of the project at once. */
    public void revokeApiKey(String project, String keyId) {
        http.delete("/v1/projects/" + Http.segment(project) + "/api-keys/" + Http.segment(keyId));
    }

    // ---- leaks ----------------------------------------------------------------------------------------------------

    /** Which stored credential a leaked token belongs to, and who got it ({@code POST /v1/leaks/lookup}). */
    public LeakReport leakLookup(String token) {
        return LeakReport.of(http.postJson("/v1/leaks/lookup", Map.of("token", token)));
    }

    /** Revokes a leaked token: an API key at once, a connection's token at the provider ({@code POST /v1/leaks/revoke}). */
    public LeakReport leakRevoke(String token) {
        return LeakReport.of(http.postJson("/v1/leaks/revoke", Map.of("token", token)));
    }

    // ---- sign-in --------------------------------------------------------------------------------------------------

    /**
     * Signs a person in ({@code POST /v1/auth/login}); use the session's token with {@link Builder#bearer}. The
     * password array is not kept.
     */
    public static UserSession login(String baseUrl, String username, char[] password, HttpClient httpClient) {
        TokenVault anonymous = builder().baseUrl(baseUrl).httpClient(httpClient).maxRetries(0).build();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", new String(password));
        JsonNode answer = anonymous.http.postJsonAnonymous("/v1/auth/login", body);
        Long expiresIn = Json.number(answer, "expires_in");
        return new UserSession(Http.text(answer, "access_token"),
                expiresIn == null ? null : anonymous.clock.instant().plusSeconds(expiresIn));
    }

    /** Ends the signed-in person's session ({@code POST /v1/auth/logout}). */
    public void logout() {
        http.postJson("/v1/auth/logout", Map.of());
    }

    private List<JsonNode> pages(String path) {
        List<JsonNode> items = new ArrayList<>();
        String pageToken = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "page_size=500"
                    + (pageToken == null ? "" : "&page_token=" + Http.query(pageToken));
            JsonNode answer = http.get(page);
            items.addAll(Json.items(answer, "items"));
            pageToken = Http.text(answer, "next_page_token");
        } while (pageToken != null && !pageToken.isEmpty());
        return items;
    }

    @Override
    public String toString() {
        Credentials c = http.credentials();
        return "TokenVault[" + http.baseUrl() + ", " + (c == null ? "no credentials" : c.describe()) + "]";
    }

    /** Configures a {@link TokenVault}; only {@link #baseUrl} and one credential are required. */
    public static final class Builder {
        private URI baseUrl;
        private Credentials credentials;
        private WorkloadIdentity workloadIdentity;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private int maxRetries = 3;
        private Duration maxRetryWait = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(40);
        private Duration minTtl = Duration.ofSeconds(60);
        private Duration maxAgeWithoutExpiry = Duration.ofMinutes(5);
        private String appName;
        private String purpose;
        private String userAgent = "tokenvault-java/" + VERSION;

        private Builder() {
        }

        /** The service, e.g. {@code https://vault.example.com}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Http.normalize(baseUrl);
            return this;
        }

        /** A project API key ({@code tvk_...}). */
        public Builder apiKey(String apiKey) {
            this.credentials = Credentials.fixed(apiKey, "API key");
            this.workloadIdentity = null;
            return this;
        }

        /** A tokenvault JWT: a person's login, or a workload token got elsewhere. */
        public Builder bearer(String token) {
            this.credentials = Credentials.fixed(token, "bearer token");
            this.workloadIdentity = null;
            return this;
        }

        /** The platform's workload identity, found in this process's environment (see {@link WorkloadIdentity}). */
        public Builder workloadIdentity() {
            return workloadIdentity(WorkloadIdentity.fromEnvironment());
        }

        public Builder workloadIdentity(WorkloadIdentity identity) {
            this.workloadIdentity = Objects.requireNonNull(identity);
            this.credentials = null;
            return this;
        }

        /** The {@link HttpClient} that talks to tokenvault (default: the JDK's, 10 s connect time-out, no redirects). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** The default {@code minTtl} of {@code token(...)} calls (default 60 s). */
        public Builder minTtl(Duration minTtl) {
            checkMinTtl(minTtl);
            this.minTtl = minTtl;
            return this;
        }

        /** How often a refused or unavailable answer is retried (default 3; 0 never retries). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The longest {@code Retry-After} waited for inside a call (default 10 s); longer ones throw at once. */
        public Builder maxRetryWait(Duration maxRetryWait) {
            this.maxRetryWait = Objects.requireNonNull(maxRetryWait);
            return this;
        }

        /** The time-out of one request (default 40 s: a refresh at a slow provider takes up to 30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /** How long a token without expiry is kept (default 5 minutes). */
        public Builder maxAgeWithoutExpiry(Duration maxAge) {
            this.maxAgeWithoutExpiry = Objects.requireNonNull(maxAge);
            return this;
        }

        /** Recorded in the audit log with every hand-out ({@code X-App-Name}). */
        public Builder appName(String appName) {
            this.appName = appName;
            return this;
        }

        /** Recorded in the audit log with every hand-out ({@code X-Purpose}). */
        public Builder purpose(String purpose) {
            this.purpose = purpose;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent);
            return this;
        }

        /** The clock the cache and the workload identity's renewal read (tests drive it). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        public TokenVault build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required");
            }
            return new TokenVault(this);
        }
    }
}
