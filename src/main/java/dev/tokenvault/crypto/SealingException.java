package dev.tokenvault.crypto;

/** A value could not be sealed or opened. The message never contains key material or plaintext. */
public class SealingException extends RuntimeException {
    public SealingException(String message) {
        super(message, null, false, false);
    }
}
