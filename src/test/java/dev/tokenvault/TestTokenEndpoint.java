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
 */
public final class TestTokenEndpoint {

    public static final String CLIENT_ID = "tokenvault-test-client";
    public static final String CLIENT_SECRET = "tvtest-client-secret-" + UUID.randomUUID();

    private static TestTokenEndpoint instance;

    /** What the endpoint does with the next refresh requests. */
    public enum Mode {
        NORMAL, DOWN_503, RATE_LIMITED_429, INVALID_GRANT_ALL
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>(); // token -> still usable
    /** Refresh requests answered (a request whose caller hung up first is not counted and consumes nothing). */
    public final AtomicInteger refreshCalls = new AtomicInteger();
    /** Refresh requests received, answered or not. */
    public final AtomicInteger refreshRequestsReceived = new AtomicInteger();
    public final AtomicInteger reuseRefusals = new AtomicInteger();
    public final List<String> revoked = new CopyOnWriteArrayList<>();
    public final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
    public volatile long delayMillis;
    public volatile Long expiresIn = 3600L;
    public volatile int retryAfterSeconds = 7;
    public volatile boolean revocationFails;
    /** Runs (on a worker thread) after a refresh token is consumed and before the answer is sent. */
    public volatile Runnable beforeAnswer;

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

    public String revocationUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/revoke";
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
    }

    private void handle(HttpServerRequest request) {
        request.setExpectMultipart(true);
        request.endHandler(ignored -> {
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
            if (!"refresh_token".equals(request.getFormAttribute("grant_type"))) {
                json(request, 400, new JsonObject().put("error", "unsupported_grant_type"));
                return;
            }
            refreshRequestsReceived.incrementAndGet();
            vertx.setTimer(Math.max(1, delayMillis), t -> refresh(request));
        });
    }

    private void refresh(HttpServerRequest request) {
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
            case INVALID_GRANT_ALL -> json(request, 400, new JsonObject().put("error", "invalid_grant")
                    .put("error_description", "the refresh token was revoked"));
            case NORMAL -> rotate(request);
        }
    }

    private void rotate(HttpServerRequest request) {
        String presented = request.getFormAttribute("refresh_token");
        Boolean usable = presented == null ? null : refreshTokens.replace(presented, Boolean.FALSE);
        if (!Boolean.TRUE.equals(usable)) {
            if (usable != null) {
                reuseRefusals.incrementAndGet();
            }
            json(request, 400, new JsonObject().put("error", "invalid_grant")
                    .put("error_description", "refresh token is unknown or was already used"));
            return;
        }
        String access = "tvtest-at-" + UUID.randomUUID();
        String next = issueRefreshToken();
        JsonObject body = new JsonObject().put("access_token", access).put("token_type", "Bearer")
                .put("refresh_token", next).put("scope", "read write");
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        }
        Runnable hook = beforeAnswer;
        if (hook == null) {
            json(request, 200, body);
        } else {
            vertx.executeBlocking(() -> {
                hook.run();
                return null;
            }).onComplete(done -> json(request, 200, body));
        }
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
