package dev.tokenvault.client;

import java.time.Instant;

/**
 * A connect link for one end user ({@code POST /v1/projects/{project}/connect-sessions}). The {@link #url()} carries a
 * single-use secret: send it to the person who connects, not to a log.
 */
public record ConnectLink(String id, String url, Instant expiresAt) {

    @Override
    public String toString() {
        return "ConnectLink[" + id + ", url redacted, expiresAt=" + expiresAt + "]";
    }
}
