package dev.tokenvault.client;

/**
 * What the client authenticates with: an API key, a bearer token (a login, or a workload JWT got elsewhere), or a
 * workload identity that is exchanged for a tokenvault JWT and renewed before it expires.
 */
interface Credentials {

    /** The {@code Authorization} header value; may call tokenvault (an exchange) through {@code http}. */
    String authorization(Http http);

    /** Whether a {@code 401} is worth one retry with fresh credentials (an exchanged JWT that was ended early). */
    default boolean renewable() {
        return false;
    }

    /** tokenvault refused this authorization: forget it, so the next call gets a new one. */
    default void rejected(String authorization) {
    }

    /** For messages: what kind of credential this is, never the credential. */
    String describe();

    /** A fixed bearer credential: an API key ({@code tvk_...}) or a tokenvault JWT. */
    static Credentials fixed(String secret, String kind) {
        java.util.Objects.requireNonNull(secret, kind);
        if (secret.isBlank()) {
            throw new IllegalArgumentException(kind + " is blank");
        }
        String header = "Bearer " + secret.strip();
        return new Credentials() {
            @Override
            public String authorization(Http http) {
                return header;
            }

            @Override
            public String describe() {
                return kind;
            }

            @Override
            public String toString() {
                return "Credentials[" + kind + ", redacted]";
            }
        };
    }
}
