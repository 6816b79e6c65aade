package dev.tokenvault;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OIDC issuer on a random loopback port (JDK HttpServer): a discovery document, a JWKS that the
 * tests can rotate (and count fetches of), and RS256 tokens signed with its current key — or shaped badly
 * on purpose.
 */
public final class TestIssuer {

    private final HttpServer server;
    private final List<RsaJsonWebKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile RsaJsonWebKey signing;

    private TestIssuer(HttpServer server) {
        this.server = server;
    }

    static TestIssuer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestIssuer issuer = new TestIssuer(server);
            issuer.rotate();
            server.createContext("/.well-known/openid-configuration", issuer::discovery);
            server.createContext("/jwks", issuer::jwks);
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        server.stop(0);
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** A new signing key replaces the published ones (the issuer rotated its keys); returns its key id. */
    public String rotate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            RsaJsonWebKey key = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) pair.getPublic());
            key.setPrivateKey(pair.getPrivate());
            key.setKeyId("k-" + UUID.randomUUID().toString().substring(0, 8));
            key.setAlgorithm("RS256");
            key.setUse("sig");
            published.clear();
            published.add(key);
            signing = key;
            return key.getKeyId();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a valid token for this issuer: sub, aud, jti, iat, exp in 10 minutes, plus extras. */
    public JwtClaims claims(String audience, Map<String, Object> extra) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setSubject("system:serviceaccount:apps:builder");
        claims.setAudience(audience);
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        extra.forEach(claims::setClaim);
        return claims;
    }

    /** RS256 with the current key and its kid. */
    public String sign(JwtClaims claims) {
        return sign(claims, signing.getKeyId());
    }

    /** RS256 with the current key, announcing the given kid. */
    public String sign(JwtClaims claims, String kid) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(signing.getPrivateKey());
            jws.setKeyIdHeaderValue(kid);
            jws.setAlgorithmHeaderValue("RS256");
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, unsigned. */
    public String unsigned(JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setAlgorithmHeaderValue("none");
            jws.setKeyIdHeaderValue(signing.getKeyId());
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 keyed with the issuer's public RSA key: the classic algorithm-confusion forgery. */
    public String hmacWithPublicKey(JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setAlgorithmHeaderValue("HS256");
            jws.setKeyIdHeaderValue(signing.getKeyId());
            jws.setKey(new HmacKey(signing.getPublicKey().getEncoded()));
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        respond(exchange, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        respond(exchange, new JsonWebKeySet(List.copyOf(published)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
