package dev.tokenvault.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * AES-256-GCM sealing of every stored secret. A sealed value is self-describing:
 *
 * <pre>
 * version(1) = 1 | key id length(1) | key id (UTF-8) | nonce (12, fresh per seal) | ciphertext + tag (16)
 * </pre>
 *
 * The associated data is {@code tokenvault:v1|table|row id|column|key id}, binding the ciphertext to its
 * place and to the key that sealed it.
 */
@ApplicationScoped
public class Sealer {

    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();

    public Sealer(Keyring keyring) {
        this.keyring = keyring;
    }

    public byte[] seal(String plaintext, SealedField field) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), field);
    }

    public byte[] seal(byte[] plaintext, SealedField field) {
        String keyId = keyring.primaryId();
        byte[] kid = keyId.getBytes(StandardCharsets.UTF_8);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyring.primary(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(field, keyId));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(2 + kid.length + NONCE_BYTES + sealed.length)
                    .put(VERSION).put((byte) kid.length).put(kid).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new SealingException("sealing failed");
        }
    }

    public String openString(byte[] sealed, SealedField field) {
        return new String(open(sealed, field), StandardCharsets.UTF_8);
    }

    public byte[] open(byte[] sealed, SealedField field) {
        if (sealed == null || sealed.length < 2 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new SealingException("sealed value has an unknown format");
        }
        int kidLength = sealed[1] & 0xff;
        if (sealed.length < 2 + kidLength + NONCE_BYTES + TAG_BITS / 8) {
            throw new SealingException("sealed value is truncated");
        }
        String keyId = new String(sealed, 2, kidLength, StandardCharsets.UTF_8);
        SecretKey key = keyring.find(keyId)
                .orElseThrow(() -> new SealingException("sealed with key '" + keyId + "', which is not configured"));
        int nonceAt = 2 + kidLength;
        int bodyAt = nonceAt + NONCE_BYTES;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, nonceAt, NONCE_BYTES));
            cipher.updateAAD(associatedData(field, keyId));
            return cipher.doFinal(sealed, bodyAt, sealed.length - bodyAt);
        } catch (GeneralSecurityException e) {
            throw new SealingException("sealed value does not open here (wrong place, key or tampered)");
        }
    }

    /** The id of the key that sealed {@code sealed}, read from its header. */
    public static String keyIdOf(byte[] sealed) {
        int kidLength = sealed[1] & 0xff;
        return new String(sealed, 2, kidLength, StandardCharsets.UTF_8);
    }

    /** Re-seals under the primary key; the value never leaves this method in plaintext. */
    public byte[] rewrap(byte[] sealed, SealedField field) {
        byte[] plaintext = open(sealed, field);
        try {
            return seal(plaintext, field);
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] associatedData(SealedField field, String keyId) {
        return ("tokenvault:v1|" + field.table() + "|" + field.rowId() + "|" + field.column() + "|" + keyId)
                .getBytes(StandardCharsets.UTF_8);
    }
}
