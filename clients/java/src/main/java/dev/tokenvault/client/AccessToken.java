package dev.tokenvault.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A provider's access token as tokenvault handed it out. {@link #value()} is the secret; {@link #toString()} never
 * shows it, so a token that ends up in a log line or an exception message shows as {@code AccessToken[redacted, ...]}.
 */
public final class AccessToken {

    private final String value;
    private final String tokenType;
    private final Instant expiresAt;
    private final List<String> scopes;
    private final Instant receivedAt;

    public AccessToken(String value, String tokenType, Instant expiresAt, List<String> scopes, Instant receivedAt) {
        this.value = Objects.requireNonNull(value, "value");
        this.tokenType = tokenType == null ? "Bearer" : tokenType;
        this.expiresAt = expiresAt;
        this.scopes = scopes == null ? List.of() : List.copyOf(scopes);
        this.receivedAt = receivedAt;
    }

    /** The token itself: put it in an {@code Authorization} header, never in a log. */
    public String value() {
        return value;
    }

    /** {@code Bearer} unless the provider said otherwise. */
    public String tokenType() {
        return tokenType;
    }

    /** When the token stops working, or null when the provider gave it no expiry. */
    public Instant expiresAt() {
        return expiresAt;
    }

    public List<String> scopes() {
        return scopes;
    }

    /** When this process received it from tokenvault. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** {@code "Bearer <token>"}, for an {@code Authorization} header. */
    public String authorizationHeader() {
        return "Bearer " + value;
    }

    /** Whether the token stays valid for at least {@code ttl} from now (always, when it has no expiry). */
    public boolean validFor(Duration ttl, Clock clock) {
        return expiresAt == null || expiresAt.isAfter(clock.instant().plus(ttl));
    }

    /** Whether this is the same secret as {@code other} (constant-time comparison). */
    public boolean sameValueAs(AccessToken other) {
        return other != null && java.security.MessageDigest.isEqual(value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AccessToken[redacted, type=" + tokenType + ", expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
