package dev.tokenvault.leak;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tokenvault.platform.LimitedBody;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The public keys GitHub signs secret scanning alerts with, fetched from {@code TOKENVAULT_SECRET_SCANNING_GITHUB_KEYS_URL}
 * ({@code {"public_keys":[{"key_identifier","key":"-----BEGIN PUBLIC KEY-----...","is_current"}]}}) and kept for
 * {@code keys-cache-for}. A signature under a key id not in the cache fetches again, at most once a minute, so a
 * stream of made-up key ids cannot turn this service into a fetcher of GitHub's page.
 */
@ApplicationScoped
public class GitHubKeys {

    private static final Logger LOG = Logger.getLogger(GitHubKeys.class);
    static final Duration REFETCH_AFTER_MISS = Duration.ofMinutes(1);

    private record Cached(Map<String, PublicKey> keys, Instant fetchedAt) {
    }

    private final WebClient client;
    private final String url;
    private final Duration cacheFor;
    private volatile Cached cached = new Cached(Map.of(), Instant.EPOCH);

    public GitHubKeys(Vertx vertx, TokenvaultConfig config) {
        this.url = config.secretScanning().githubKeysUrl();
        this.cacheFor = config.secretScanning().keysCacheFor();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000)
                .setUserAgent("tokenvault").setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Whether {@code signature} (base64 of a DER ECDSA P-256 signature) signs {@code body} under key {@code keyId}. */
    public Uni<Boolean> verify(String keyId, String signature, byte[] body) {
        return key(keyId).map(key -> key != null && verify(key, signature, body));
    }

    static boolean verify(PublicKey key, String signature, byte[] body) {
        try {
            Signature check = Signature.getInstance("SHA256withECDSA");
            check.initVerify(key);
            check.update(body);
            return check.verify(Base64.getDecoder().decode(signature.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not base64, not DER, not an EC key: not a valid signature
        }
    }

    private Uni<PublicKey> key(String keyId) {
        Cached now = cached;
        Instant at = Instant.now();
        PublicKey known = now.keys().get(keyId);
        boolean fresh = now.fetchedAt().plus(cacheFor).isAfter(at);
        if (known != null && fresh) {
            return Uni.createFrom().item(known);
        }
        if (known == null && fresh && now.fetchedAt().plus(REFETCH_AFTER_MISS).isAfter(at)) {
            return Uni.createFrom().nullItem();
        }
        return fetch().map(keys -> keys.get(keyId))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("GitHub's secret scanning keys could not be fetched: %s", e.getClass().getSimpleName());
                    return known; // a key still known keeps working while GitHub's page is unreachable
                });
    }

    private Uni<Map<String, PublicKey>> fetch() {
        return client.getAbs(url).timeout(10_000).putHeader("Accept", "application/json")
                .as(LimitedBody.upTo(LimitedBody.MAX_BYTES)).send()
                .map(response -> {
                    if (response.statusCode() != 200 || response.body() == null) {
                        throw new IllegalStateException("keys page answered HTTP " + response.statusCode());
                    }
                    Map<String, PublicKey> keys = parse(response.body().toJsonObject());
                    cached = new Cached(keys, Instant.now());
                    return keys;
                });
    }

    /** The keys of GitHub's document; entries that are not EC public keys in PEM are skipped. */
    static Map<String, PublicKey> parse(JsonObject document) {
        Map<String, PublicKey> keys = new HashMap<>();
        JsonArray list = document.getJsonArray("public_keys", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.getValue(i) instanceof JsonObject entry) || !(entry.getValue("key_identifier") instanceof String id)
                    || !(entry.getValue("key") instanceof String pem)) {
                continue;
            }
            try {
                String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
                keys.put(id, KeyFactory.getInstance("EC")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64))));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                LOG.debugf("skipped secret scanning key %s: not an EC public key", id);
            }
        }
        return keys;
    }
}
