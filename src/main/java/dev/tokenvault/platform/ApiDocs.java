package dev.tokenvault.platform;

/**
 * The names the OpenAPI document is assembled from, shared by every resource: its tags, its security schemes and
 * its reusable error responses. They are defined once, with their descriptions, in the {@code @OpenAPIDefinition}
 * of the {@code app} package; the errors every {@code /v1} operation can answer by its shape (400, 401, 403, 404,
 * 413) are added by {@code app.ApiDocumentFilter}, so a resource declares only the errors that are its own (409,
 * 429, 503, ...).
 */
public final class ApiDocs {

    private ApiDocs() {
    }

    // tags: one per thing a client works with, in the document's order
    public static final String AUTHENTICATION = "Authentication";
    public static final String ME = "Me";
    public static final String CONNECTIONS = "Connections";
    public static final String TOKENS = "Tokens";
    public static final String CONNECT = "Connect";
    public static final String PROJECTS = "Projects";
    public static final String API_KEYS = "API keys";
    public static final String WEBHOOKS = "Webhooks";
    public static final String PROVIDERS = "Providers";
    public static final String ISSUERS = "Trusted issuers";
    public static final String BINDINGS = "Bindings";
    public static final String USERS = "Users";
    public static final String AUDIT = "Audit";
    public static final String LEAKS = "Leaks";
    public static final String KEYS = "Encryption keys";
    public static final String DISCOVERY = "Discovery";

    // security schemes
    /** A JWT issued by this service: a user's (login) or a workload's (token exchange). */
    public static final String BEARER_JWT = "bearerJwt";
    /** A project API key, {@code tvk_...}, sent as a bearer token. */
    public static final String API_KEY = "apiKey";
    /** The browser session cookie {@code __Host-tv_session} (unsafe methods also need {@code X-CSRF-Token}). */
    public static final String SESSION_COOKIE = "sessionCookie";

    // reusable error responses (components/responses)
    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String UNAUTHENTICATED = "Unauthenticated";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String NEEDS_REAUTH = "NeedsReauth";
    public static final String NEEDS_REAUTH_OR_AMBIGUOUS = "NeedsReauthOrAmbiguous";
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String RATE_LIMITED = "RateLimited";
    public static final String PROVIDER_UNAVAILABLE = "ProviderUnavailable";
    public static final String ERROR = "Error";
}
