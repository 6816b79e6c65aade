package dev.tokenvault.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values (connect-flow state, PKCE verifiers, browser bindings, CSRF cookies) and their S256 hashes. */
public final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private RandomTokens() {
    }

    /** 256 random bits, base64url: a state, a PKCE verifier (43 characters, RFC 7636 §4.1) or a binding. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    /** {@code BASE64URL(SHA256(ASCII(value)))}: the S256 code challenge, and how states are stored. */
    public static String s256(String value) {
        try {
            return B64URL.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable");
        }
    }

    /** Whether a presented value looks like one of ours (so junk is refused before any lookup). */
    public static boolean wellFormed(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(
                ch -> ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_');
    }
}
