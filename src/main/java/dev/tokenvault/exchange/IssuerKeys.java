package dev.tokenvault.exchange;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.LimitedBody;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.UrlPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The signing keys of trusted issuers: OIDC discovery ({@code /.well-known/openid-configuration} →
 * {@code jwks_uri}) and JWKS fetches over the non-blocking Vert.x web client, and a cache per issuer. Keys
 * are fetched again when they are older than {@code jwks-cache-ttl}, or when a token names a key id the cache
 * does not know (the issuer rotated its keys) — the latter at most once per {@code jwks-refetch-interval} per
 * issuer, so made-up key ids cannot make the service hammer an issuer. Concurrent fetches for one issuer share
 * one request.
 */
@ApplicationScoped
public class IssuerKeys {

    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
    static final int MAX_DOCUMENT_BYTES = LimitedBody.MAX_BYTES;

    private final WebClient http;
    private final TokenvaultConfig.Exchange config;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();
    private final Map<UUID, Uni<List<JsonWebKey>>> inflight = new ConcurrentHashMap<>();

    private final Clock clock;
    private final UrlPolicy urls;

    public IssuerKeys(Vertx vertx, TokenvaultConfig config, Clock clock, UrlPolicy urls) {
        this.config = config.exchange();
        this.clock = clock;
        this.urls = urls;
        int timeout = (int) this.config.httpTimeout().toMillis();
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeout)
                .setIdleTimeout(Math.max(1, timeout / 1000)).setFollowRedirects(false)
                .setUserAgent("tokenvault"));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    private record Cached(String source, List<JsonWebKey> keys, Instant fetchedAt) {
        boolean knows(String kid) {
            return kid == null || keys.stream().anyMatch(k -> kid.equals(k.getKeyId()));
        }
    }

    /** Thrown when an issuer's discovery document or JWKS cannot be had; the reason is safe to show an admin. */
    public static class KeysUnavailable extends ApiException {
        public KeysUnavailable(String detail) {
            super(400, "invalid_request", detail);
        }
    }

    // ------------------------------------------------------------------------------- for verification

    /** The issuer's current keys, fetched again when stale or when {@code kid} is unknown (rate limited). */
    public Uni<List<JsonWebKey>> keysFor(TrustedIssuer issuer, String kid) {
        if (issuer.jwks != null) {
            return Uni.createFrom().item(() -> parseInline(issuer));
        }
        Cached cached = cache.get(issuer.id);
        Instant now = clock.instant();
        if (cached != null && cached.source.equals(issuer.jwksUri)) {
            boolean fresh = cached.fetchedAt.plus(config.jwksCacheTtl()).isAfter(now);
            boolean mayRefetch = cached.fetchedAt.plus(config.jwksRefetchInterval()).isBefore(now);
            if ((fresh && cached.knows(kid)) || !mayRefetch) {
                return Uni.createFrom().item(cached.keys);
            }
            return refetch(issuer).onFailure().recoverWithItem(cached.keys); // keep using the old keys meanwhile
        }
        return refetch(issuer);
    }

    private Uni<List<JsonWebKey>> refetch(TrustedIssuer issuer) {
        return inflight.computeIfAbsent(issuer.id, id -> fetchJwks(issuer.jwksUri)
                .invoke(keys -> cache.put(id, new Cached(issuer.jwksUri, keys, clock.instant())))
                .onFailure().invoke(failure -> {
                    // a failed attempt also counts for the refetch interval
                    Cached old = cache.get(id);
                    cache.put(id, new Cached(issuer.jwksUri, old == null ? List.of() : old.keys, clock.instant()));
                    LOG.warnf("JWKS of issuer %s could not be fetched: %s", issuer.issuer, failure.getMessage());
                })
                .onTermination().invoke(() -> inflight.remove(id))
                .memoize().indefinitely());
    }

    /** Forgets an issuer's keys (it was deleted). */
    public void forget(UUID issuerId) {
        cache.remove(issuerId);
    }

    // -------------------------------------------------------------------------------- for registration

    /** The JWKS URI of an issuer from its OIDC discovery document, whose {@code issuer} must match exactly. */
    public Uni<String> discover(String issuer) {
        String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        return get(url, "the issuer's OIDC discovery document").map(body -> {
            JsonObject document;
            try {
                document = new JsonObject(body);
            } catch (RuntimeException e) {
                throw new KeysUnavailable("the issuer's OIDC discovery document is not JSON");
            }
            if (!issuer.equals(document.getString("issuer"))) {
                throw new KeysUnavailable("the issuer's OIDC discovery document names another issuer");
            }
            String jwksUri = document.getString("jwks_uri");
            if (jwksUri == null || jwksUri.isBlank()) {
                throw new KeysUnavailable("the issuer's OIDC discovery document has no jwks_uri");
            }
            return jwksUri;
        });
    }

    /** The keys at a JWKS URI; fails unless it holds at least one usable public key. */
    public Uni<List<JsonWebKey>> fetchJwks(String jwksUri) {
        return get(jwksUri, "the issuer's JWKS").map(IssuerKeys::parse);
    }

    /** Parses a JWKS and keeps its public parts only; fails unless there is at least one key. */
    public static List<JsonWebKey> parse(String json) {
        try {
            List<JsonWebKey> keys = new JsonWebKeySet(json).getJsonWebKeys().stream()
                    .filter(k -> k.getUse() == null || "sig".equals(k.getUse()))
                    .map(IssuerKeys::publicOnly)
                    .toList();
            if (keys.isEmpty()) {
                throw new KeysUnavailable("the issuer's JWKS holds no signing key");
            }
            return keys;
        } catch (JoseException | RuntimeException e) {
            if (e instanceof KeysUnavailable k) {
                throw k;
            }
            throw new KeysUnavailable("the issuer's JWKS is not a valid JWK set");
        }
    }

    /** The JWKS as stored for an inline issuer: public parts only. */
    public static String publicJson(List<JsonWebKey> keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static JsonWebKey publicOnly(JsonWebKey key) {
        try {
            return JsonWebKey.Factory.newJwk(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new KeysUnavailable("the issuer's JWKS is not a valid JWK set");
        }
    }

    private List<JsonWebKey> parseInline(TrustedIssuer issuer) {
        Cached cached = cache.get(issuer.id);
        if (cached != null && cached.source.equals(issuer.jwks)) {
            return cached.keys;
        }
        List<JsonWebKey> keys = parse(issuer.jwks);
        cache.put(issuer.id, new Cached(issuer.jwks, keys, clock.instant()));
        return keys;
    }

    private Uni<String> get(String url, String what) {
        if (!urls.callable(url)) {
            return Uni.createFrom().failure(new KeysUnavailable("the URL of " + what + " must be "
                    + (urls.allowsInsecure() ? "http(s)" : "https")));
        }
        return http.getAbs(url).putHeader("Accept", "application/json")
                .timeout(config.httpTimeout().toMillis())
                .as(LimitedBody.upTo(MAX_DOCUMENT_BYTES))
                .send()
                .onFailure().transform(e -> new KeysUnavailable(what + " cannot be fetched ("
                        + (e instanceof LimitedBody.TooLarge ? "larger than 1 MiB" : "unreachable") + ")"))
                .map(response -> body(response, what));
    }

    private static String body(HttpResponse<io.vertx.core.buffer.Buffer> response, String what) {
        if (response.statusCode() != 200) {
            throw new KeysUnavailable(what + " answered HTTP " + response.statusCode());
        }
        var buffer = response.body();
        if (buffer == null || buffer.length() == 0) {
            throw new KeysUnavailable(what + " is empty");
        }
        return buffer.toString();
    }
}
