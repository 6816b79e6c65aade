package dev.tokenvault.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.connection.BoundConnections;
import dev.tokenvault.connection.ConnectionStore;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.Cursor;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.PageRequest;
import dev.tokenvault.platform.RequestInfo;
import dev.tokenvault.platform.Validation;
import io.smallrye.mutiny.Uni;

/** A user's API keys: create (the key is shown once), list, revoke. */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final ConnectionStore connections;
    private final AuditWriter audit;

    public ApiKeyService(ApiKeyRepository keys, ConnectionStore connections, AuditWriter audit) {
        this.keys = keys;
        this.connections = connections;
        this.audit = audit;
    }

    public record NewApiKey(String name, List<String> connectionIds, Instant expiresAt) {
    }

    public Uni<ApiKeyView> create(Caller caller, NewApiKey request, RequestInfo info) {
        UUID owner = caller.userId();
        String name = Validation.required(request.name(), "name", 200);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw ApiException.invalidRequest("field 'expires_at' must be in the future");
        }
        BoundConnections bound = BoundConnections.parse(owner, request.connectionIds());
        ApiKeyFormat.Parsed key = ApiKeyFormat.generate();
        ApiKey row = newKey(owner, name, key, bound, request.expiresAt());
        return bound.verify(connections).flatMap(ok -> keys.add(row))
                .call(ignored -> audit.record(AuditEvent.of("api_key.create").actor(caller).request(info).success(201)))
                .map(ignored -> ApiKeyView.created(row, key.key()));
    }

    public Uni<Page<ApiKeyView>> list(Caller caller, PageRequest page) {
        return keys.listOwned(caller.userId(), page) // range(0, size) is inclusive: size + 1 rows
                .map(rows -> Page.of(rows, page.size(), k -> new Cursor(k.createdAt, k.id), ApiKeyView::of));
    }

    public Uni<Void> revoke(Caller caller, UUID id, RequestInfo info) {
        UUID owner = caller.userId();
        return keys.deleteOwned(id, owner)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("API key");
                    }
                })
                .call(ignored -> audit.record(AuditEvent.of("api_key.revoke").actor(caller).request(info).success(204)))
                .replaceWithVoid();
    }

    private static ApiKey newKey(UUID owner, String name, ApiKeyFormat.Parsed key, BoundConnections bound,
            Instant expiresAt) {
        ApiKey k = new ApiKey();
        k.id = UUID.randomUUID();
        k.ownerId = owner;
        k.name = name;
        k.prefix = key.shownPrefix();
        k.keyHash = key.hash();
        k.connectionIds = bound.joined();
        k.createdAt = Instant.now();
        k.expiresAt = expiresAt;
        return k;
    }
}
