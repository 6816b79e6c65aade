package dev.tokenvault.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenvault.platform.DevKeys;
import dev.tokenvault.platform.TokenvaultConfig;

/**
 * The named 256-bit AES keys from {@code TOKENVAULT_ENCRYPTION_KEYS}: {@code id:base64,id:base64,...}, the
 * first one primary. New seals use the primary key; every listed key still opens what it sealed.
 */
@ApplicationScoped
public class Keyring {

    static final String DEV_KEYS_FILE = "encryption-keys";

    private final Map<String, SecretKey> keys;
    private final String primaryId;

    @Inject
    public Keyring(TokenvaultConfig config) {
        this(resolve(config));
    }

    Keyring(String spec) {
        Map<String, SecretKey> parsed = parse(spec);
        this.keys = Collections.unmodifiableMap(parsed);
        this.primaryId = parsed.keySet().iterator().next();
    }

    public String primaryId() {
        return primaryId;
    }

    public SecretKey primary() {
        return keys.get(primaryId);
    }

    public Optional<SecretKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** Key ids in configuration order, the primary first. */
    public List<String> ids() {
        return List.copyOf(keys.keySet());
    }

    private static String resolve(TokenvaultConfig config) {
        Optional<String> configured = config.encryptionKeys().filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        if (!config.devKeys()) {
            throw new IllegalStateException("TOKENVAULT_ENCRYPTION_KEYS is not set");
        }
        return DevKeys.loadOrCreate(config.devKeysDir(), DEV_KEYS_FILE, Keyring::generateSpec);
    }

    static String generateSpec() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "dev1:" + Base64.getEncoder().encodeToString(key);
    }

    static Map<String, SecretKey> parse(String spec) {
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException(
                        "TOKENVAULT_ENCRYPTION_KEYS: each entry must be <key-id>:<base64 of 32 bytes>");
            }
            String id = trimmed.substring(0, colon);
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalStateException(
                        "TOKENVAULT_ENCRYPTION_KEYS: key ids use letters, digits, '.', '_' and '-' (at most 64)");
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("TOKENVAULT_ENCRYPTION_KEYS: key '" + id + "' is not valid base64");
            }
            if (material.length != 32) {
                throw new IllegalStateException("TOKENVAULT_ENCRYPTION_KEYS: key '" + id
                        + "' must be 32 bytes (make one with: openssl rand -base64 32)");
            }
            if (parsed.put(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalStateException("TOKENVAULT_ENCRYPTION_KEYS: key id '" + id + "' appears twice");
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalStateException("TOKENVAULT_ENCRYPTION_KEYS is empty");
        }
        return parsed;
    }
}
