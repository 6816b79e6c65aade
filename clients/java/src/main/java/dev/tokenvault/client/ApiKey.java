package dev.tokenvault.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A project's API key. {@link #key()} is the secret, present only in the answer that created it (tokenvault keeps
 * only a hash); {@link #toString()} never shows it.
 */
public record ApiKey(String id, String name, String prefix, String project, List<String> permissions,
        List<String> providers, Instant createdAt, Instant expiresAt, Instant lastUsedAt, String key, JsonNode json) {

    static ApiKey of(JsonNode n) {
        return new ApiKey(Json.text(n, "id"), Json.text(n, "name"), Json.text(n, "prefix"), Json.text(n, "project"),
                Json.strings(n, "permissions"), Json.strings(n, "providers"), Json.instant(n, "created_at"),
                Json.instant(n, "expires_at"), Json.instant(n, "last_used_at"), Json.text(n, "key"), n);
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + " " + name + " " + prefix + "..., " + permissions + (key == null ? "" : ", key redacted")
                + "]";
    }
}
