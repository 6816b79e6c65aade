package dev.tokenvault.identity;

/** Test access to the service's Argon2id hashing (for rows written straight into a database). */
public final class Passwords {
    private Passwords() {
    }

    public static String hash(String password) {
        return new PasswordHasher(null).hashNow(password);
    }
}
