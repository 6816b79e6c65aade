package dev.tokenvault.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.tokenvault.connection.ConnectionScope;
import dev.tokenvault.platform.Permission;

/**
 * An API key as shown: metadata only. {@code key} is filled in exactly once, in the response that creates
 * the key, and is left out of every other response. {@code providers} and {@code connection_ids} are null when the
 * key reaches every one of its project.
 */
public record ApiKeyView(UUID id, String name, String prefix, UUID project, List<String> permissions,
        List<String> providers, List<String> connectionIds, UUID createdBy, Instant createdAt, Instant expiresAt,
        Instant lastUsedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    static ApiKeyView of(ApiKey k) {
        return created(k, null);
    }

    static ApiKeyView created(ApiKey k, String key) {
        var providers = ConnectionScope.splitProviders(k.providers);
        var ids = ConnectionScope.splitIds(k.connectionIds);
        return new ApiKeyView(k.id, k.name, k.prefix, k.projectId,
                Permission.split(k.permissions).stream().map(Permission::wireName).toList(),
                providers.isEmpty() ? null : List.copyOf(providers),
                ids.isEmpty() ? null : ConnectionScope.listed(ids), k.createdBy, k.createdAt, k.expiresAt,
                k.lastUsedAt, key);
    }

    @Override
    public String toString() {
        return "ApiKeyView[" + id + "]"; // never the key
    }
}
