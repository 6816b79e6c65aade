package dev.tokenvault.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.tokenvault.connection.BoundConnections;

/**
 * An API key as shown: metadata only. {@code key} is filled in exactly once, in the response that creates
 * the key, and is left out of every other response.
 */
public record ApiKeyView(UUID id, String name, String prefix, List<String> connectionIds, Instant createdAt,
        Instant expiresAt, Instant lastUsedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    static ApiKeyView of(ApiKey k) {
        return new ApiKeyView(k.id, k.name, k.prefix, BoundConnections.split(k.connectionIds), k.createdAt,
                k.expiresAt, k.lastUsedAt, null);
    }

    static ApiKeyView created(ApiKey k, String key) {
        return new ApiKeyView(k.id, k.name, k.prefix, BoundConnections.split(k.connectionIds), k.createdAt,
                k.expiresAt, k.lastUsedAt, key);
    }

    @Override
    public String toString() {
        return "ApiKeyView[" + id + "]"; // never the key
    }
}
