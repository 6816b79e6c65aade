package dev.tokenvault.connection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A connection's metadata as lists and details show it. It never carries a token: the token endpoint is the
 * only way out for the access token, and the refresh token never leaves the service. {@code reauth_due_at}: when
 * the stored refresh token itself stops working, where the provider says so or the catalog knows its rule.
 */
@Schema(requiredProperties = { "id", "project", "provider", "status", "created_at", "updated_at" })
public record ConnectionView(UUID id, UUID project, String provider, String subject, String externalAccount, UUID owner,
        ConnectionStatus status, List<String> scopes, Instant expiresAt, Instant createdAt, Instant updatedAt,
        Instant lastRefreshedAt, Instant lastUsedAt, Instant reauthDueAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> metadata,
        @JsonInclude(JsonInclude.Include.NON_NULL) StatusView health) {

    static ConnectionView summary(Connection c, ConnectionStatus status) {
        return new ConnectionView(c.id, c.projectId, c.provider, c.subject, c.externalAccount, c.ownerId, status,
                c.scopeList(), c.expiresAt, c.createdAt, c.updatedAt, c.lastRefreshedAt, c.lastUsedAt, c.reauthDueAt,
                null, null);
    }

    static ConnectionView detail(Connection c, ConnectionStatus status, List<StatusView.Outcome> history) {
        return new ConnectionView(c.id, c.projectId, c.provider, c.subject, c.externalAccount, c.ownerId, status,
                c.scopeList(), c.expiresAt, c.createdAt, c.updatedAt, c.lastRefreshedAt, c.lastUsedAt, c.reauthDueAt,
                c.metadata == null ? Map.of() : c.metadata, StatusView.of(c, status).withHistory(history));
    }
}
