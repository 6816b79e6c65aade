package dev.tokenvault.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A stored credential's metadata (never its tokens). */
public record Connection(String id, String project, String provider, String subject, String externalAccount,
        String status, List<String> scopes, Instant expiresAt, Instant lastUsedAt, Instant reauthDueAt, JsonNode json) {

    static Connection of(JsonNode n) {
        return new Connection(Json.text(n, "id"), Json.text(n, "project"), Json.text(n, "provider"),
                Json.text(n, "subject"), Json.text(n, "external_account"), Json.text(n, "status"),
                Json.strings(n, "scopes"), Json.instant(n, "expires_at"), Json.instant(n, "last_used_at"),
                Json.instant(n, "reauth_due_at"), n);
    }

    @Override
    public String toString() {
        return "Connection[" + id + " " + provider + (subject == null ? "" : "/" + subject) + " " + status + "]";
    }
}
