package dev.tokenvault.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The shape of an API key: {@code tvk_<30 base62 characters of randomness>_<6 base62 characters of CRC32>}.
 * The random part carries 178 bits. The checksum (CRC32 of {@code tvk_<random>}) lets the service refuse a
 * mistyped or made-up key without a database lookup, and lets secret scanners recognise real keys. Only the
 * SHA-256 of the whole key is stored.
 */
public final class ApiKeyFormat {

    public static final String PREFIX = "tvk_";
    static final int RANDOM_LENGTH = 30;
    static final int CHECKSUM_LENGTH = 6;
    static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 8;
    static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + 1 + CHECKSUM_LENGTH;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** A key whose format and checksum are right; it may still be unknown, expired or revoked. */
    public record Parsed(String key) {
        public byte[] hash() {
            return sha256(key);
        }

        public String shownPrefix() {
            return key.substring(0, SHOWN_PREFIX_LENGTH);
        }

        @Override
        public String toString() {
            return "Parsed[" + shownPrefix() + "...]";
        }
    }

    public static Parsed generate() {
        StringBuilder body = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            body.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return new Parsed(body + "_" + checksum(body.toString()));
    }

    /** Whether the string looks like an API key at all (so it is not a JWT for the other mechanism). */
    public static boolean looksLikeKey(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    /** The key when its format and checksum are right, else null. Pure computation: no lookup. */
    public static Parsed parse(String token) {
        if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)
                || token.charAt(PREFIX.length() + RANDOM_LENGTH) != '_') {
            return null;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (i != PREFIX.length() + RANDOM_LENGTH && BASE62.indexOf(token.charAt(i)) < 0) {
                return null;
            }
        }
        String body = token.substring(0, PREFIX.length() + RANDOM_LENGTH);
        String sum = token.substring(PREFIX.length() + RANDOM_LENGTH + 1);
        return MessageDigest.isEqual(checksum(body).getBytes(StandardCharsets.US_ASCII),
                sum.getBytes(StandardCharsets.US_ASCII)) ? new Parsed(token) : null;
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }

    /** The SHA-256 of the text (UTF-8): how a key is stored, and GitHub's {@code token_hash} of a reported token. */
    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable");
        }
    }
}
