package dev.tokenvault.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A connection's state: {@code VALID}, {@code EXPIRING}, {@code EXPIRED}, {@code NO_TOKEN}, {@code NEEDS_REAUTH},
 * {@code ERROR} or {@code REVOKED}, why ({@code reason}), and when tokenvault tries the provider again.
 */
public record ConnectionStatus(String status, String reason, String message, Instant expiresAt, Instant nextRetryAt,
        Long consecutiveFailures, JsonNode json) {

    static ConnectionStatus of(JsonNode n) {
        return new ConnectionStatus(Json.text(n, "status"), Json.text(n, "reason"), Json.text(n, "message"),
                Json.instant(n, "expires_at"), Json.instant(n, "next_retry_at"), Json.number(n, "consecutive_failures"),
                n);
    }

    /** Whether only a person can repair it (connect again). */
    public boolean needsReauth() {
        return "NEEDS_REAUTH".equals(status) || "REVOKED".equals(status);
    }

    @Override
    public String toString() {
        return "ConnectionStatus[" + status + (reason == null ? "" : ", " + reason) + "]";
    }
}
