package dev.tokenvault.crypto;

/** Test access to the keyring's spec constructor (package-private in main code). */
public final class KeyringFactory {
    private KeyringFactory() {
    }

    public static Keyring of(String spec) {
        return new Keyring(spec);
    }
}
