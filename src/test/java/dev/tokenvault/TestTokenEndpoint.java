package dev.tokenvault;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A real OAuth 2.0 token endpoint on loopback for the refresh tests: the refresh_token grant (RFC 6749 §6)
 * with refresh-token rotation and reuse refusal (a used or unknown refresh token gets {@code invalid_grant},
 * as strict providers do), client authentication by {@code client_secret_basic} or {@code client_secret_post},
 * RFC 7009 revocation, and switches to make it fail like real providers fail (down, 5xx, 429, slow).
 * Every token it issues carries the {@code tvtest-} marker the log scans look for.
 *
 * <p>For the connect flow it is also an authorization server: {@code GET /authorize} shows a real consent page
 * (an HTML form with the account name, Approve and Deny), and the token endpoint takes the
 * authorization_code grant with PKCE S256 verification (RFC 7636), single-use codes and an exact
 * {@code redirect_uri} match. Approving answers an {@code id_token} whose {@code sub} is the account entered.
 *
 * <p>For the provider catalog it answers in the shape a real provider documents ({@link Style}: GitHub's
 * form-encoded answers and errors sent with HTTP 200, Slack's nested {@code authed_user}, Salesforce's
 * {@code issued_at} in milliseconds without {@code expires_in}, QuickBooks' {@code x_refresh_token_expires_in},
 * Google's refresh answers without a refresh token), serves an OpenID Connect discovery document naming its own
 * endpoints, and a small API ({@code /api/me}) that accepts the keys in {@link #validApiKeys}, for credential checks.
 */
public final class TestTokenEndpoint {

    public static final String CLIENT_ID = "tokenvault-test-client";
    public static final String CLIENT_SECRET = "tvtest-client-secret-" + UUID.randomUUID();

    private static TestTokenEndpoint instance;

    /** What the endpoint does with the next refresh requests. */
    public enum Mode {
        NORMAL, DOWN_503, RATE_LIMITED_429, INVALID_GRANT_ALL,
        /** 400 whose error_description echoes the whole request: the form and the Authorization header. */
        ECHO_400,
        /** 200 with a body of 2 MiB. */
        HUGE_200
    }

    /**
     * How answers look, as each provider documents them. The refresh tokens of RFC, STRING_EXPIRES_IN, GITHUB_*,
     * SLACK_V2 and QUICKBOOKS rotate (a used one is refused); those of SALESFORCE and GOOGLE do not (refresh
     * answers carry none, and the stored one keeps working).
     */
    public enum Style {
        /** RFC 6749 §5.1 JSON. */
        RFC,
        /** RFC, but {@code "expires_in": "3600"}, a string. */
        STRING_EXPIRES_IN,
        /** GitHub OAuth App without {@code Accept: application/json}: form-encoded, no expiry, no refresh token. */
        GITHUB_OAUTH_APP,
        /**
         * GitHub App user tokens: {@code expires_in} 28800, {@code refresh_token_expires_in} 15724800; a dead
         * refresh token is HTTP 200 {@code {"error":"bad_refresh_token",...}}.
         */
        GITHUB_APP,
        /** GITHUB_APP, form-encoded (answers and errors). */
        GITHUB_APP_FORM,
        /**
         * Slack oauth.v2.access: the user's tokens in {@code authed_user}, a bot token at the top, {@code team};
         * a dead refresh token is HTTP 200 {@code {"ok":false,"error":"invalid_refresh_token"}}.
         */
        SLACK_V2,
        /** Salesforce: no expires_in, issued_at in epoch milliseconds (a string), instance_url and id. */
        SALESFORCE,
        /** QuickBooks (Intuit): x_refresh_token_expires_in 8726400 beside expires_in 3600. */
        QUICKBOOKS,
        /** Google: refresh answers carry no refresh token, and the refresh token does not rotate. */
        GOOGLE
    }

    public volatile Style style = Style.RFC;
    /** API keys {@code /api/me} accepts (as a bearer token or in any header). */
    public final java.util.Set<String> validApiKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** {@code /api/me} answers 403 instead of 401 to an unknown key. */
    public volatile boolean apiForbids;
    /** {@code /api/me} answers 503 whatever the key. */
    public volatile boolean apiDown;
    /** The names of the headers of the last {@code /api/me} request that carried a key. */
    public volatile java.util.Set<String> lastApiKeyHeaders = java.util.Set.of();
    public final AtomicInteger apiCalls = new AtomicInteger();

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>(); // token -> still usable
    /** Refresh requests answered (a request whose caller hung up first is not counted and consumes nothing). */
    public final AtomicInteger refreshCalls = new AtomicInteger();
    /** Refresh requests received, answered or not. */
    public final AtomicInteger refreshRequestsReceived = new AtomicInteger();
    /** Refresh requests done with: answered, or found abandoned by their caller at answer time. */
    public final AtomicInteger refreshRequestsFinished = new AtomicInteger();
    public final AtomicInteger reuseRefusals = new AtomicInteger();
    /** How often each refresh token was presented in an answered refresh request. */
    private final Map<String, AtomicInteger> presentations = new ConcurrentHashMap<>();
    public final List<String> revoked = new CopyOnWriteArrayList<>();
    public final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
    public volatile long delayMillis;
    public volatile Long expiresIn = 3600L;
    public volatile int retryAfterSeconds = 7;
    public volatile boolean revocationFails;
    /**
     * Like the strictest real providers: the refresh token is consumed the moment the request arrives, and the
     * new pair answered after {@link #delayMillis}; a caller that hung up meanwhile has lost it.
     */
    public volatile boolean consumeOnArrival;
    /** Runs (on a worker thread) after a refresh token is consumed and before the answer is sent. */
    public volatile Runnable beforeAnswer;

    // ---- connect flow (authorization endpoint and authorization_code grant) ----
    /** An authorization request waiting on the consent page, or a granted code waiting to be exchanged. */
    public record Authorization(String redirectUri, String state, String challenge, String scope, String account) {
    }

    private final Map<String, Authorization> pendingConsents = new ConcurrentHashMap<>();
    private final Map<String, Authorization> codes = new ConcurrentHashMap<>();
    /** Code exchanges refused because the PKCE verifier did not match the challenge. */
    public final AtomicInteger pkceFailures = new AtomicInteger();
    /** Code exchanges answered with success. */
    public final AtomicInteger codeExchanges = new AtomicInteger();
    /** When set, the next code exchanges fail with this OAuth error (e.g. "invalid_client", or "503"). */
    public volatile String codeGrantError;

    private TestTokenEndpoint() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static synchronized TestTokenEndpoint get() {
        if (instance == null) {
            try {
                instance = new TestTokenEndpoint();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test token endpoint", e);
            }
        }
        return instance;
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/token";
    }

    public String authorizeUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/authorize";
    }

    public String revocationUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/revoke";
    }

    /** The issuer whose discovery document is {@code <issuer>/.well-known/openid-configuration}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The base URL of the small API ({@code <base>/api/me}). */
    public String apiBase() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** A refresh token the endpoint will honour once, as if it had issued it. */
    public String issueRefreshToken() {
        String token = "tvtest-rt-" + UUID.randomUUID();
        refreshTokens.put(token, true);
        return token;
    }

    public boolean isUsable(String refreshToken) {
        return Boolean.TRUE.equals(refreshTokens.get(refreshToken));
    }

    public void reset() {
        mode.set(Mode.NORMAL);
        delayMillis = 0;
        expiresIn = 3600L;
        retryAfterSeconds = 7;
        revocationFails = false;
        beforeAnswer = null;
        codeGrantError = null;
        consumeOnArrival = false;
        style = Style.RFC;
        apiForbids = false;
        apiDown = false;
    }

    private void handle(HttpServerRequest request) {
        if (request.path().equals("/.well-known/openid-configuration")) {
            json(request, 200, new JsonObject().put("issuer", issuer()).put("authorization_endpoint", authorizeUrl())
                    .put("token_endpoint", tokenUrl()).put("revocation_endpoint", revocationUrl())
                    .put("response_types_supported", new io.vertx.core.json.JsonArray().add("code"))
                    .put("token_endpoint_auth_methods_supported",
                            new io.vertx.core.json.JsonArray().add("client_secret_post")));
            return;
        }
        if (request.path().equals("/elsewhere/.well-known/openid-configuration")) {
            json(request, 200, new JsonObject().put("issuer", "https://someone-else.example")
                    .put("authorization_endpoint", authorizeUrl()).put("token_endpoint", tokenUrl()));
            return;
        }
        if (request.path().equals("/api/me")) {
            apiMe(request);
            return;
        }
        if (request.method() == io.vertx.core.http.HttpMethod.GET && request.path().equals("/authorize")) {
            consentPage(request); // the browser's side: no body, no client authentication
            return;
        }
        request.setExpectMultipart(true);
        request.endHandler(ignored -> {
            if (request.path().equals("/authorize")) {
                decide(request); // the consent form's answer: no client authentication
                return;
            }
            if (!authenticated(request)) {
                json(request, 401, new JsonObject().put("error", "invalid_client"));
                return;
            }
            if (request.path().equals("/revoke")) {
                if (revocationFails) {
                    json(request, 503, new JsonObject().put("error", "temporarily_unavailable"));
                } else {
                    revoked.add(request.getFormAttribute("token"));
                    request.response().setStatusCode(200).end();
                }
                return;
            }
            if ("authorization_code".equals(request.getFormAttribute("grant_type"))) {
                exchangeCode(request);
                return;
            }
            if (!"refresh_token".equals(request.getFormAttribute("grant_type"))) {
                json(request, 400, new JsonObject().put("error", "unsupported_grant_type"));
                return;
            }
            refreshRequestsReceived.incrementAndGet();
            if (consumeOnArrival && mode.get() == Mode.NORMAL) {
                refreshCalls.incrementAndGet();
                JsonObject answer = consume(request); // gone now, whatever happens to the answer
                vertx.setTimer(Math.max(1, delayMillis), t -> {
                    refreshRequestsFinished.incrementAndGet();
                    if (!request.response().closed()) {
                        if (answer.containsKey("dead")) {
                            deadRefreshToken(request, "refresh token is unknown or was already used");
                        } else {
                            send(request, 200, answer);
                        }
                    }
                });
                return;
            }
            vertx.setTimer(Math.max(1, delayMillis), t -> refresh(request));
        });
    }

    private void refresh(HttpServerRequest request) {
        refreshRequestsFinished.incrementAndGet();
        if (request.response().closed()) {
            return; // the caller is gone (a killed replica): like a real server, consume nothing
        }
        refreshCalls.incrementAndGet();
        switch (mode.get()) {
            case DOWN_503 -> json(request, 503, new JsonObject().put("error", "temporarily_unavailable"));
            case RATE_LIMITED_429 -> {
                request.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
                json(request, 429, new JsonObject().put("error", "slow_down"));
            }
            case INVALID_GRANT_ALL -> deadRefreshToken(request, "the refresh token was revoked");
            case NORMAL -> rotate(request);
            case ECHO_400 -> error(request, 400, new JsonObject().put("error", "invalid_request").put("error_description",
                    "bad request: " + request.formAttributes() + " authorization=" + request.getHeader("Authorization")
                            + " " + java.util.Base64.getEncoder().encodeToString(String.valueOf(
                                    request.getFormAttribute("refresh_token")).getBytes())));
            case HUGE_200 -> request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end("{\"access_token\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
        }
    }

    /** How often this refresh token was presented in an answered refresh request. */
    public int presented(String refreshToken) {
        AtomicInteger count = presentations.get(refreshToken);
        return count == null ? 0 : count.get();
    }

    /**
     * Uses the presented refresh token up (once, where the style rotates): the new pair, or an error marked
     * {@code dead} for a refresh token that is unknown or was already used.
     */
    private JsonObject consume(HttpServerRequest request) {
        String presented = request.getFormAttribute("refresh_token");
        if (presented != null) {
            presentations.computeIfAbsent(presented, k -> new AtomicInteger()).incrementAndGet();
        }
        Style shape = style;
        boolean rotates = shape != Style.SALESFORCE && shape != Style.GOOGLE;
        Boolean usable = presented == null ? null
                : rotates ? refreshTokens.replace(presented, Boolean.FALSE) : refreshTokens.get(presented);
        if (!Boolean.TRUE.equals(usable)) {
            if (usable != null) {
                reuseRefusals.incrementAndGet();
            }
            return new JsonObject().put("dead", true);
        }
        return answer(shape, rotates ? issueRefreshToken() : null, "read write");
    }

    /** A successful token answer in the style's shape (the transport, form or JSON, is chosen when it is sent). */
    private JsonObject answer(Style shape, String refreshToken, String scope) {
        String access = "tvtest-at-" + UUID.randomUUID();
        JsonObject body = new JsonObject();
        switch (shape) {
            case RFC, STRING_EXPIRES_IN, QUICKBOOKS, GOOGLE -> {
                body.put("access_token", access).put("token_type", "Bearer").put("scope", scope);
                if (expiresIn != null) {
                    body.put("expires_in", shape == Style.STRING_EXPIRES_IN ? (Object) String.valueOf(expiresIn)
                            : (Object) expiresIn);
                }
                if (refreshToken != null) {
                    body.put("refresh_token", refreshToken);
                }
                if (shape == Style.QUICKBOOKS) {
                    body.put("x_refresh_token_expires_in", 8726400);
                }
            }
            case GITHUB_OAUTH_APP -> body.put("access_token", access).put("scope", scope).put("token_type", "bearer");
            case GITHUB_APP, GITHUB_APP_FORM -> body.put("access_token", access).put("expires_in", 28800)
                    .put("refresh_token", refreshToken).put("refresh_token_expires_in", 15724800).put("scope", "")
                    .put("token_type", "bearer");
            case SLACK_V2 -> body.put("ok", true).put("app_id", "A0KRD7HC3")
                    .put("authed_user", new JsonObject().put("id", "U1234").put("scope", scope)
                            .put("access_token", access).put("token_type", "user").put("refresh_token", refreshToken)
                            .put("expires_in", 43200))
                    .put("scope", "commands").put("token_type", "bot")
                    .put("access_token", "tvtest-bot-" + UUID.randomUUID()).put("bot_user_id", "U0KRQLJ9H")
                    .put("team", new JsonObject().put("name", "Slack Softball Team").put("id", "T9TK3CUKW"))
                    .putNull("enterprise").put("is_enterprise_install", false);
            case SALESFORCE -> {
                body.put("access_token", access).put("signature", "tvtest-sig-" + UUID.randomUUID())
                        .put("scope", "refresh_token api").put("instance_url", "https://acme.my.salesforce.com")
                        .put("id", "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P")
                        .put("token_type", "Bearer").put("issued_at", String.valueOf(System.currentTimeMillis()));
                if (refreshToken != null) {
                    body.put("refresh_token", refreshToken);
                }
            }
        }
        return body;
    }

    /** Answers that the presented refresh token is dead, as the style's provider says it. */
    private void deadRefreshToken(HttpServerRequest request, String description) {
        switch (style) {
            case GITHUB_APP, GITHUB_APP_FORM, GITHUB_OAUTH_APP -> error(request, 200, new JsonObject()
                    .put("error", "bad_refresh_token").put("error_description", description)
                    .put("error_uri", "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code"));
            case SLACK_V2 -> error(request, 200, new JsonObject().put("ok", false).put("error", "invalid_refresh_token"));
            default -> error(request, 400, new JsonObject().put("error", "invalid_grant")
                    .put("error_description", description));
        }
    }

    /** An error answer, in the style's transport (GitHub sends errors with HTTP 200, form-encoded without Accept). */
    private void error(HttpServerRequest request, int status, JsonObject body) {
        boolean github = style == Style.GITHUB_APP || style == Style.GITHUB_APP_FORM || style == Style.GITHUB_OAUTH_APP;
        send(request, github && status == 400 ? 200 : status, body);
    }

    /** Sends a token endpoint answer as the style's provider does: JSON, or form-encoded. */
    private void send(HttpServerRequest request, int status, JsonObject body) {
        if (style == Style.GITHUB_APP_FORM || style == Style.GITHUB_OAUTH_APP) {
            StringBuilder form = new StringBuilder();
            body.forEach(e -> form.append(form.isEmpty() ? "" : "&").append(enc(e.getKey())).append('=')
                    .append(enc(String.valueOf(e.getValue()))));
            if (!request.response().ended() && !request.response().closed()) {
                request.response().setStatusCode(status)
                        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .end(form.toString());
            }
            return;
        }
        json(request, status, body);
    }

    private void rotate(HttpServerRequest request) {
        JsonObject body = consume(request);
        if (body.containsKey("dead")) {
            deadRefreshToken(request, "refresh token is unknown or was already used");
            return;
        }
        Runnable hook = beforeAnswer;
        if (hook == null) {
            send(request, 200, body);
        } else {
            vertx.executeBlocking(() -> {
                hook.run();
                return null;
            }).onComplete(done -> send(request, 200, body));
        }
    }

    /** The small API: 200 with the key's owner for a known key, 401 (or 403) otherwise; never echoes the key. */
    private void apiMe(HttpServerRequest request) {
        apiCalls.incrementAndGet();
        java.util.Set<String> carrying = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        boolean known = false;
        for (var header : request.headers()) {
            String value = header.getValue();
            String key = header.getKey().equalsIgnoreCase("Authorization") && value.startsWith("Bearer ")
                    ? value.substring(7) : value;
            if (key.startsWith("tvtest-")) {
                carrying.add(header.getKey());
                known |= validApiKeys.contains(key);
            }
        }
        lastApiKeyHeaders = carrying;
        if (apiDown) {
            json(request, 503, new JsonObject().put("message", "down for maintenance"));
        } else if (known) {
            json(request, 200, new JsonObject().put("login", "octocat"));
        } else {
            json(request, apiForbids ? 403 : 401, new JsonObject().put("message", "Bad credentials"));
        }
    }

    // ------------------------------------------------------------------------------------ connect flow

    private void consentPage(HttpServerRequest request) {
        String redirectUri = request.getParam("redirect_uri");
        String challenge = request.getParam("code_challenge");
        if (!CLIENT_ID.equals(request.getParam("client_id")) || !"code".equals(request.getParam("response_type"))
                || redirectUri == null || challenge == null || !"S256".equals(request.getParam("code_challenge_method"))) {
            request.response().setStatusCode(400).putHeader("Content-Type", "text/plain")
                    .end("invalid authorization request");
            return;
        }
        String id = UUID.randomUUID().toString();
        pendingConsents.put(id, new Authorization(redirectUri, request.getParam("state"), challenge,
                request.getParam("scope"), null));
        String scope = request.getParam("scope") == null ? "" : request.getParam("scope");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorize tokenvault</title>"
                + "</head><body><main><h1>Test provider</h1><p>tokenvault asks for access (" + escape(scope) + ").</p>"
                + "<form method=\"post\" action=\"/authorize\"><input type=\"hidden\" name=\"request\" value=\"" + id + "\">"
                + "<p><label for=\"account\">Account</label> <input id=\"account\" name=\"account\" value=\"octocat-"
                + id.substring(0, 8) + "\"></p>"
                + "<button type=\"submit\" id=\"approve\" name=\"decision\" value=\"approve\">Approve</button> "
                + "<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button>"
                + "</form></main></body></html>";
        request.response().setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    private void decide(HttpServerRequest request) {
        Authorization pending = pendingConsents.remove(String.valueOf(request.getFormAttribute("request")));
        if (pending == null) {
            request.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("unknown request");
            return;
        }
        String target;
        if ("approve".equals(request.getFormAttribute("decision"))) {
            String code = "tvtest-code-" + UUID.randomUUID();
            String account = request.getFormAttribute("account");
            codes.put(code, new Authorization(pending.redirectUri(), pending.state(), pending.challenge(),
                    pending.scope(), account == null || account.isBlank() ? null : account));
            target = pending.redirectUri() + "?code=" + enc(code) + "&state=" + enc(pending.state());
        } else {
            target = pending.redirectUri() + "?error=access_denied&error_description=" + enc("the user denied access")
                    + "&state=" + enc(pending.state());
        }
        request.response().setStatusCode(302).putHeader("Location", target).end();
    }

    /** Simulates the approval step without a browser: the redirect the consent page would send. */
    public String approve(String authorizeUrl, String account) {
        Map<String, String> query = query(authorizeUrl);
        String code = "tvtest-code-" + UUID.randomUUID();
        codes.put(code, new Authorization(query.get("redirect_uri"), query.get("state"), query.get("code_challenge"),
                query.get("scope"), account));
        return query.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(query.get("state"));
    }

    private void exchangeCode(HttpServerRequest request) {
        String failure = codeGrantError;
        if (failure != null) {
            if (failure.matches("\\d{3}")) {
                json(request, Integer.parseInt(failure), new JsonObject().put("error", "temporarily_unavailable"));
            } else {
                json(request, 400, new JsonObject().put("error", failure));
            }
            return;
        }
        String code = request.getFormAttribute("code");
        Authorization granted = code == null ? null : codes.remove(code); // single use
        if (granted == null) {
            json(request, 400, new JsonObject().put("error", "invalid_grant").put("error_description", "unknown or used code"));
            return;
        }
        if (!granted.redirectUri().equals(request.getFormAttribute("redirect_uri"))) {
            json(request, 400, new JsonObject().put("error", "invalid_grant").put("error_description", "redirect_uri mismatch"));
            return;
        }
        String verifier = request.getFormAttribute("code_verifier");
        if (verifier == null || !s256(verifier).equals(granted.challenge())) {
            pkceFailures.incrementAndGet();
            json(request, 400, new JsonObject().put("error", "invalid_grant").put("error_description", "PKCE verification failed"));
            return;
        }
        codeExchanges.incrementAndGet();
        JsonObject body;
        if (style == Style.RFC) {
            body = new JsonObject().put("access_token", "tvtest-at-" + UUID.randomUUID()).put("token_type", "Bearer")
                    .put("refresh_token", issueRefreshToken())
                    .put("scope", granted.scope() == null ? "read" : granted.scope()).put("expires_in", 3600);
        } else {
            body = answer(style, style == Style.GITHUB_OAUTH_APP ? null : issueRefreshToken(),
                    granted.scope() == null ? "read" : granted.scope());
        }
        if (granted.account() != null) {
            body.put("id_token", unsignedJwt(new JsonObject().put("iss", "test-provider").put("sub", granted.account())));
        }
        send(request, 200, body);
    }

    /** The query parameters of a URL, decoded. */
    public static Map<String, String> query(String url) {
        Map<String, String> params = new java.util.HashMap<>();
        String raw = java.net.URI.create(url).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                    eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsignedJwt(JsonObject claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + b64.encodeToString(claims.encode().getBytes()) + ".";
    }

    private static String enc(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private boolean authenticated(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6)));
            return decoded.equals(CLIENT_ID + ":" + java.net.URLEncoder.encode(CLIENT_SECRET,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return CLIENT_ID.equals(request.getFormAttribute("client_id"))
                && CLIENT_SECRET.equals(request.getFormAttribute("client_secret"));
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        if (!request.response().ended() && !request.response().closed()) {
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(body.encode());
        }
    }
}
