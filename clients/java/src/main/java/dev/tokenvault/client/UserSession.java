package dev.tokenvault.client;

import java.time.Instant;

/** A person's sign-in ({@code POST /v1/auth/login}): a tokenvault JWT and when it ends. Never shown by {@link #toString()}. */
public record UserSession(String accessToken, Instant expiresAt) {

    @Override
    public String toString() {
        return "UserSession[redacted, expiresAt=" + expiresAt + "]";
    }
}
