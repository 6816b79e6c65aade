package dev.tokenvault.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import dev.tokenvault.platform.DevKeys;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The RS256 key pair this service signs and verifies its own JWTs with, from the standard SmallRye JWT
 * settings {@code smallrye.jwt.sign.key.location} and {@code mp.jwt.verify.publickey.location} (PEM files).
 * The public key may be left out: it is derived from the private key. Dev and test generate a throwaway
 * pair; prod refuses to start without the signing key.
 */
@ApplicationScoped
public class JwtKeys {

    static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    static final String VERIFY_KEY_LOCATION = "mp.jwt.verify.publickey.location";

    private final PrivateKey signingKey;
    private final PublicKey verificationKey;
    /** Every key that verifies, by key id: the current one first, then the retired ones still accepted. */
    private final Map<String, PublicKey> verificationKeys = new LinkedHashMap<>();
    private final String signingKeyId;

    public JwtKeys(TokenvaultConfig config) {
        Optional<String> signLocation = setting(SIGN_KEY_LOCATION);
        Optional<String> verifyLocation = setting(VERIFY_KEY_LOCATION);
        try {
            if (signLocation.isPresent()) {
                signingKey = KeyUtils.decodePrivateKey(read(signLocation.get()));
                verificationKey = verifyLocation.isPresent() ? KeyUtils.decodePublicKey(read(verifyLocation.get()))
                        : derivePublic(signingKey);
            } else if (config.devKeys()) {
                String pem = DevKeys.loadOrCreate(config.devKeysDir(), "jwt-signing-key.pem", JwtKeys::generatePem);
                signingKey = KeyUtils.decodePrivateKey(pem);
                verificationKey = derivePublic(signingKey);
            } else {
                throw new IllegalStateException(
                        "SMALLRYE_JWT_SIGN_KEY_LOCATION is not set (PEM file of the RSA key that signs tokenvault JWTs)");
            }
            signingKeyId = keyId(verificationKey);
            verificationKeys.put(signingKeyId, verificationKey);
            for (String location : config.auth().previousVerificationKeys().orElse(List.of())) {
                PublicKey retired = KeyUtils.decodePublicKey(read(location.trim()));
                verificationKeys.putIfAbsent(keyId(retired), retired);
            }
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("the JWT keys cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The id of the key that signs ({@code kid} of every JWT issued here). */
    public String signingKeyId() {
        return signingKeyId;
    }

    /** The verification key with this id, or null. */
    public PublicKey verificationKey(String keyId) {
        return verificationKeys.get(keyId);
    }

    /** Every verification key, as a public JSON Web Key Set ({@code GET /.well-known/jwks.json}). */
    public String jwks() {
        List<Map<String, Object>> keys = verificationKeys.values().stream().map(key -> {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
                jwk.setKeyId(keyId(key));
                jwk.setUse("sig");
                jwk.setAlgorithm("RS256");
                return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            } catch (JoseException e) {
                throw new IllegalStateException("a JWT key cannot be published");
            }
        }).toList();
        return JsonUtil.toJson(Map.of("keys", keys));
    }

    /** RFC 7638 thumbprint of the public key: a key id that every replica derives alike. */
    static String keyId(PublicKey key) throws JoseException {
        return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public PublicKey verificationKey() {
        return verificationKey;
    }

    private static Optional<String> setting(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).filter(s -> !s.isBlank());
    }

    private static String read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                try (InputStream in = JwtKeys.class.getClassLoader()
                        .getResourceAsStream(location.substring("classpath:".length()))) {
                    if (in == null) {
                        throw new IllegalStateException("key not found: " + location);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location.startsWith("file:") ? location.substring(5) : location));
        } catch (IOException e) {
            throw new UncheckedIOException("key cannot be read: " + location, e);
        }
    }

    private static PublicKey derivePublic(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("set MP_JWT_VERIFY_PUBLICKEY_LOCATION: the public key cannot be derived");
        }
        BigInteger modulus = crt.getModulus();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, crt.getPublicExponent()));
    }

    static String generatePem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable");
        }
    }
}
