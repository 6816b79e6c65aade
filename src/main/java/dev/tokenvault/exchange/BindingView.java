package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tokenvault.connection.ConnectionScope;

/** A binding as shown. {@code providers} and {@code connection_ids} are null when it reaches every one. */
public record BindingView(UUID id, String issuer, String audience, Map<String, Object> boundClaims, UUID project,
        List<String> providers, List<String> connectionIds, UUID createdBy, int ttlSeconds, Instant createdAt) {

    static BindingView of(Binding b, String issuer) {
        var providers = ConnectionScope.splitProviders(b.providers);
        var ids = ConnectionScope.splitIds(b.connectionIds);
        return new BindingView(b.id, issuer, b.audience, b.boundClaims, b.projectId,
                providers.isEmpty() ? null : List.copyOf(providers), ids.isEmpty() ? null : ConnectionScope.listed(ids),
                b.createdBy, b.ttlSeconds, b.createdAt);
    }
}
