package dev.tokenvault;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Plays GitHub's side of the secret scanning partner program: an ECDSA P-256 key pair made at start, its public key
 * served in GitHub's format ({@code {"public_keys":[{"key_identifier","key","is_current"}]}}) on a loopback port,
 * and signatures over request bodies as GitHub makes them (base64 of the DER signature, SHA-256). Registered as a
 * test resource: it points {@code tokenvault.secret-scanning.github-keys-url} at itself.
 */
public class GitHubKeysServer implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
    private static volatile KeyPair github;
    private static volatile KeyPair stranger;
    private static volatile Vertx vertx;

    @Override
    public Map<String, String> start() {
        try {
            github = newPair();
            stranger = newPair();
            vertx = Vertx.vertx();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(github.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            String document = new JsonObject().put("public_keys", new JsonArray()
                    .add(new JsonObject().put("key_identifier", KEY_ID).put("key", pem).put("is_current", true)))
                    .encode();
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
                    .putHeader("Content-Type", "application/json").end(document));
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return Map.of("tokenvault.secret-scanning.github-keys-url",
                    "http://127.0.0.1:" + server.actualPort() + "/meta/public_keys/secret_scanning");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the GitHub keys server", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    /** GitHub's signature over {@code body}. */
    public static String sign(String body) {
        return sign(github.getPrivate(), body);
    }

    /** A well-formed signature by a key GitHub does not publish. */
    public static String signWithAnotherKey(String body) {
        return sign(stranger.getPrivate(), body);
    }

    private static String sign(PrivateKey key, String body) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key);
            signature.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
