package dev.tokenvault.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.TokenvaultConfig;

/**
 * Keyed fingerprints (HMAC-SHA256, truncated to 128 bits) of handed-out tokens, so the audit log can tell
 * whether two hand-outs were the same token without ever holding the token.
 */
@ApplicationScoped
public class Fingerprinter {

    private final byte[] key;

    /** The configured fingerprint key, else the service's own (generated once, kept across key rotations). */
    public Fingerprinter(TokenvaultConfig config, ServiceKeys keys) {
        Optional<String> configured = config.fingerprintKey().filter(s -> !s.isBlank());
        this.key = configured.isPresent() ? Base64.getDecoder().decode(configured.get().trim())
                : keys.key(ServiceKeys.FINGERPRINTS);
    }

    public String fingerprint(String token) {
        byte[] digest = Hmac.sha256(key, token.getBytes(StandardCharsets.UTF_8));
        return "hs256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }
}
