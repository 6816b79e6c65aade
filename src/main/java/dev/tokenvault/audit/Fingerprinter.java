package dev.tokenvault.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.platform.TokenvaultConfig;

/**
 * Keyed fingerprints (HMAC-SHA256, truncated to 128 bits) of handed-out tokens, so the audit log can tell
 * whether two hand-outs were the same token without ever holding the token.
 */
@ApplicationScoped
public class Fingerprinter {

    private final SecretKeySpec key;

    public Fingerprinter(TokenvaultConfig config, Keyring keyring) {
        Optional<String> configured = config.fingerprintKey().filter(s -> !s.isBlank());
        byte[] material = configured.isPresent()
                ? Base64.getDecoder().decode(configured.get().trim())
                : hmac(keyring.primary().getEncoded(), "tokenvault audit fingerprint key");
        this.key = new SecretKeySpec(material, "HmacSHA256");
    }

    public String fingerprint(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return "hs256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable");
        }
    }

    private static byte[] hmac(byte[] keyBytes, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable");
        }
    }
}
