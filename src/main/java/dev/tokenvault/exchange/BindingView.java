package dev.tokenvault.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tokenvault.connection.BoundConnections;

/** A binding as shown to administrators. */
public record BindingView(UUID id, String issuer, String audience, Map<String, Object> boundClaims, UUID owner,
        List<String> connectionIds, int ttlSeconds, Instant createdAt) {

    static BindingView of(Binding b, String issuer) {
        return new BindingView(b.id, issuer, b.audience, b.boundClaims, b.ownerId,
                BoundConnections.split(b.connectionIds), b.ttlSeconds, b.createdAt);
    }
}
