package dev.tokenvault.connection;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.tokenvault.audit.AuditView;

/** {@code GET /v1/connections/{id}/status}: the state, why, and when the vault will try again. */
@Schema(requiredProperties = "status")
public record StatusView(ConnectionStatus status, String reason, String message, Instant expiresAt,
        Instant lastRefreshedAt, Instant lastErrorAt, Instant nextRetryAt, Integer consecutiveFailures,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Outcome> history) {

    /** One past refresh: when, how it went, and why it failed. */
    public record Outcome(Instant at, String outcome, String reason) {
        static Outcome of(AuditView event) {
            return new Outcome(event.at(), event.outcome(), event.errorCode());
        }
    }

    static StatusView of(Connection c, ConnectionStatus status) {
        String reason = c.stateReason != null ? c.stateReason : defaultReason(status);
        return new StatusView(status, reason, c.stateMessage, c.expiresAt, c.lastRefreshedAt, c.lastErrorAt,
                c.nextRetryAt, c.consecutiveFailures, null);
    }

    StatusView withHistory(List<Outcome> outcomes) {
        return new StatusView(status, reason, message, expiresAt, lastRefreshedAt, lastErrorAt, nextRetryAt,
                consecutiveFailures, outcomes);
    }

    static StatusView noToken() {
        return new StatusView(ConnectionStatus.NO_TOKEN, "no_connection", "no connection to this provider", null, null,
                null, null, null, null);
    }

    private static String defaultReason(ConnectionStatus status) {
        return switch (status) {
            case VALID -> null;
            case EXPIRING -> "expires_soon";
            case EXPIRED -> "expired";
            case NO_TOKEN -> "no_access_token";
            default -> null;
        };
    }
}
